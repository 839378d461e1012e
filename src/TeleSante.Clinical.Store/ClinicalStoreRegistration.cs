using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Store;

/// <summary>Registers the clinical store for a host: both option sections bound and validated at start-up, the
/// database, the workflow, the store, and a hosted service that migrates the schema before anything uses it.</summary>
public static class ClinicalStoreRegistration
{
    /// <param name="dataDirectory">Where the default SQLite file goes (the gateway's <c>Storage:DataDirectory</c>).</param>
    public static IServiceCollection AddTeleSanteClinicalStore(this IServiceCollection services, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        services.AddOptions<ClinicalStoreOptions>().BindConfiguration(ClinicalStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TeleExpertiseOptions>().BindConfiguration(TeleExpertiseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClinicalStoreOptions>>().Value;
            return new ClinicalDatabase(options.Provider, options.Resolve(dataDirectory));
        });
        services.AddSingleton(sp => new TeleExpertiseWorkflow(sp.GetRequiredService<IOptions<TeleExpertiseOptions>>().Value));
        services.AddSingleton<ClinicalStore>();
        services.AddSingleton<VitalAlertStore>();
        services.AddHostedService<ClinicalSchemaMigration>();
        return services;
    }
}
