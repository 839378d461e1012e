using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Ingestion;

namespace TeleSante.Analysis.Service;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>
    /// The analysis behind the acknowledgement: options (section <c>Analysis</c>, validated at start-up, the AF and beat models
    /// loaded then), the <see cref="IAcceptedBatchObserver"/> queue, the workers, the store writer (an
    /// <see cref="IAnalysisResultListener"/>) and <see cref="IAnalysisReader"/>. Needs an <c>ITimeSeriesStore</c>.
    /// Other listeners (the live view) are added with <c>AddSingleton&lt;IAnalysisResultListener, …&gt;</c>.
    /// </summary>
    public static IServiceCollection AddTeleSanteAnalysis(this IServiceCollection services)
    {
        services.AddOptions<AnalysisServiceOptions>().BindConfiguration(AnalysisServiceOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AnalysisStatus>();
        services.AddSingleton<AfModel>();
        services.AddSingleton<BeatModel>();
        services.AddSingleton<AnalysisQueue>();
        services.AddSingleton<IAcceptedBatchObserver>(sp => sp.GetRequiredService<AnalysisQueue>());
        services.AddSingleton<AnalysisStoreWriter>();
        services.AddSingleton<IAnalysisResultListener>(sp => sp.GetRequiredService<AnalysisStoreWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AnalysisStoreWriter>());
        services.AddSingleton<AnalysisWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalysisWorker>());
        services.AddSingleton<IAnalysisReader, InfluxAnalysisReader>();
        return services;
    }
}
