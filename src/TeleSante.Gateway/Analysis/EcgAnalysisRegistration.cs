using TeleSante.Analysis.Service;

namespace TeleSante.Gateway.Analysis;

internal static class EcgAnalysisRegistration
{
    /// <summary>ECG analysis behind the acknowledgement (section <c>Analysis</c>, README "Analysis in the service"):
    /// results go to the time-series store and to the live view.</summary>
    public static IHostApplicationBuilder AddTeleSanteEcgAnalysis(this IHostApplicationBuilder builder)
    {
        // Listeners are told in registration order: the live view (never waits) before the store writer (waits when its
        // queue is full), so viewers still get results while the store is slow.
        builder.Services.AddSingleton<IAnalysisResultListener, LiveAnalysisListener>();
        // The analysis's heart rate is an input of the vitals alert rules (LiveView:Alerts:MDC_ECG_HEART_RATE:FromEcgAnalysis).
        builder.Services.AddSingleton<IAnalysisResultListener, EcgRateAlertListener>();
        builder.Services.AddTeleSanteAnalysis();
        return builder;
    }
}
