using Microsoft.Extensions.Options;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Store.Screening;

namespace TeleSante.Gateway.Screening;

internal static class ScreeningRegistration
{
    /// <summary>Diabetic retinopathy screening campaigns (issue 13), kept in the clinical store; intervals, deadlines
    /// and the second-grading share from section "Screening", validated at start-up.</summary>
    public static IHostApplicationBuilder AddTeleSanteScreening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScreeningOptions>().BindConfiguration(ScreeningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new ScreeningStore(sp.GetRequiredService<ClinicalDatabase>(),
            sp.GetRequiredService<IOptions<ScreeningOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ScreeningCaptureRecorder>();
        builder.Services.AddSingleton<FundusWorklistNotifier>();
        builder.Services.AddOptions<CaptureThumbnailOptions>().BindConfiguration(CaptureThumbnailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CaptureThumbnails>();
        return builder;
    }
}
