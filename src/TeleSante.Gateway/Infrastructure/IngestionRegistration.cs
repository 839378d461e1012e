using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Ingestion;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Schema;
using TeleSante.Ingestion.Wal;
using TeleSante.Storage.Influx;

namespace TeleSante.Gateway.Infrastructure;

internal static class IngestionRegistration
{
    /// <summary>Validation, the durable pipeline (write-ahead log, deduplication, dead letters), the
    /// InfluxDB store and the forwarder between them. Every options class is validated at start-up.</summary>
    public static IHostApplicationBuilder AddTeleSanteIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<ValidationLimits>().BindConfiguration(ValidationLimits.Section).ValidateDataAnnotations()
            .Validate(limits => { limits.EnsureConsistent(); return true; }).ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MaxSequenceJump >= o.DeduplicationWindow, $"{IngestionOptions.Section}:MaxSequenceJump must be at least DeduplicationWindow").ValidateOnStart();
        services.AddOptions<InfluxOptions>().BindConfiguration("Influx").ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => new BatchValidator(sp.GetRequiredService<IOptions<ValidationLimits>>().Value, sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new DeduplicationRecovery(Path.Combine(sp.GetRequiredService<IOptions<IngestionOptions>>().Value.DataDirectory, "dedup.snapshot")));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IngestionOptions>>().Value;
            return sp.GetRequiredService<DeduplicationRecovery>().Recover(options.DeduplicationWindow, (ulong)options.MaxSequenceJump, sp.GetRequiredService<WriteAheadLog>());
        });

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IngestionOptions>>().Value;
            var walOptions = new WalOptions
            {
                Directory = Path.Combine(options.DataDirectory, "wal"),
                SegmentBytes = options.WalSegmentBytes,
                DiskBudgetBytes = options.WalDiskBudgetBytes,
                MinFreeDiskBytes = options.MinFreeDiskBytes,
                MaxRecordBytes = sp.GetRequiredService<IOptions<ValidationLimits>>().Value.MaxBatchBytes * 2,
            };
            return WriteAheadLog.Open(walOptions, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WriteAheadLog>>());
        });

        services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDeadLetterStore>(sp =>
            new SqliteDeadLetterStore(
                Path.Combine(sp.GetRequiredService<IOptions<IngestionOptions>>().Value.DataDirectory, "deadletters.db"),
                sp.GetRequiredService<IOptions<DeadLetterOptions>>().Value.MaxPayloadBytes));
        services.AddSingleton<DeadLetterRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadLetterRetention>());

        // One long-lived client: the store applies InfluxOptions.RequestTimeout per request itself.
        services.AddSingleton<ITimeSeriesStore>(sp => new InfluxV1Store(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<InfluxOptions>>(),
            sp.GetRequiredService<ILogger<InfluxV1Store>>(),
            sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<ForwarderStatus>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<RecordingReader>();
        services.AddHostedService<InfluxForwarder>();
        return builder;
    }
}
