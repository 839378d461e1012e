using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
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
        // The rhythm and triage limits are configurable (sections EcgProposals:Rhythm and EcgProposals:Triage), checked at start-up.
        services.AddOptions<RhythmProposerOptions>().BindConfiguration(EcgProposalsOptions.Section + ":Rhythm").Validate(Valid<RhythmProposerOptions>(o => o.Validate()),
            $"{EcgProposalsOptions.Section}:Rhythm has a value out of range (RhythmProposerOptions)").ValidateOnStart();
        services.AddOptions<TriageOptions>().BindConfiguration(EcgProposalsOptions.Section + ":Triage").ValidateDataAnnotations().Validate(Valid<TriageOptions>(o => o.Validate()),
            $"{EcgProposalsOptions.Section}:Triage has a value out of range (TriageOptions)")
            .ValidateOnStart();
        services.AddSingleton(sp => new RhythmProposer(sp.GetRequiredService<IOptions<RhythmProposerOptions>>().Value));
        services.AddSingleton(sp => new TriageRules(sp.GetRequiredService<IOptions<TriageOptions>>().Value));
        services.AddSingleton<EcgRhythmAndTriage>();
        services.AddSingleton<EcgProposalsComputer>();
        services.AddSingleton<EcgProposalsService>();
        return builder;
    }

    /// <summary>The analysis options check themselves by throwing; at start-up that becomes a validation failure naming the value.</summary>
    private static Func<T, bool> Valid<T>(Action<T> validate) => options =>
    {
        try
        {
            validate(options);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    };
}
