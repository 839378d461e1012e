using TeleSante.Analysis.Service;

namespace TeleSante.Gateway.Analysis;

internal static class EcgAnalysisRegistration
{
    /// <summary>ECG analysis behind the acknowledgement (section <c>Analysis</c>, README "Analysis in the service"):
    /// results go to the time-series store and to the live view.</summary>
    public static IHostApplicationBuilder AddTeleSanteEcgAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTeleSanteAnalysis();
        builder.Services.AddSingleton<IAnalysisResultListener, LiveAnalysisListener>();
        return builder;
    }
}
