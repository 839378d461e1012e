using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Infrastructure;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;

namespace TeleSante.Gateway.Imaging;

internal static class ImagingRegistration
{
    /// <summary>The photographs' store (fundus cameras), under the data directory by default.</summary>
    public static IHostApplicationBuilder AddTeleSanteImaging(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ImagingOptions>().BindConfiguration(ImagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IImageStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ImagingOptions>>().Value;
            var root = sp.GetRequiredService<DataPaths>().Images(options);
            return new FileSystemImageStore(root, options, sp.GetRequiredService<IOptions<ValidationLimits>>().Value, sp.GetRequiredService<TimeProvider>());
        });
        services.AddOptions<FundusGateOptions>().BindConfiguration(FundusGateOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Enabled || (File.Exists(Path.Combine(FundusQualityAssessor.ModelDirectory(o), FundusGate.ModelFile)) && File.Exists(Path.Combine(FundusQualityAssessor.ModelDirectory(o), FundusGate.LimitsFile))),
                $"Imaging:QualityGate:ModelDirectory must hold {FundusGate.ModelFile} and {FundusGate.LimitsFile} (telesante-fundus train-gate), or set Imaging:QualityGate:Enabled to false")
            .ValidateOnStart();
        services.AddSingleton<FundusQualityAssessor>();
        services.AddHostedService<FundusGateStartup>();
        return builder;
    }
}
