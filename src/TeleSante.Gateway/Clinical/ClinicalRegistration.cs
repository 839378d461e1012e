using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeleSante.Clinical.Store;
using TeleSante.Gateway.Infrastructure;

namespace TeleSante.Gateway.Clinical;

internal static class ClinicalRegistration
{
    /// <summary>Where <see cref="ClinicalHub"/> (live worklist and request notifications) is mapped.</summary>
    public const string HubPath = "/hubs/clinical";

    /// <summary>The clinical store (issue 11): SQLite under the data directory by default, PostgreSQL by
    /// <c>ClinicalStore:Provider</c>; both option sections validated at start-up, schema migrated before serving. Then the live
    /// worklist hub, the effects of request steps (recording access, notifications) and the expiry sweep.</summary>
    public static IHostApplicationBuilder AddTeleSanteClinical(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTeleSanteClinicalStore(AppContext.BaseDirectory);
        // DataPaths owns every path: the default SQLite file is its Clinical, not the store's own guess.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClinicalStoreOptions>>().Value;
            var connectionString = options.Provider == ClinicalProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new SqliteConnectionStringBuilder { DataSource = sp.GetRequiredService<DataPaths>().Clinical }.ToString()
                : options.ConnectionString;
            return new ClinicalDatabase(options.Provider, connectionString);
        }));
        services.AddSingleton<ClinicalActors>();
        services.AddOptions<RequestExpiryOptions>().BindConfiguration(RequestExpiryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The hub shares SignalR's set-up (protocols, refusal logging filter) with the live view's; AddSignalR is idempotent.
        services.AddSignalR();
        services.AddSingleton<ClinicalHubConnections>();
        services.AddSingleton<ClinicalNotifier>();
        services.AddSingleton<ClinicalStepEffects>();
        services.AddHostedService<RequestExpirySweep>();
        services.AddOptions<EcgProposalsOptions>().BindConfiguration(EcgProposalsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EcgProposalsComputer>();
        services.AddSingleton<EcgProposalsService>();
        return builder;
    }
}
