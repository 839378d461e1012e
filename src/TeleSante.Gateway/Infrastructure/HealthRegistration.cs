using TeleSante.Gateway.Health;

namespace TeleSante.Gateway.Infrastructure;

internal static class HealthRegistration
{
    /// <summary>The background check GET /health answers from (<see cref="HealthMonitor"/>).</summary>
    public static IHostApplicationBuilder AddTeleSanteHealth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthMonitor>());
        return builder;
    }
}
