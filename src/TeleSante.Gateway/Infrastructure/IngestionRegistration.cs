using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Ingestion;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Wal;
using TeleSante.Storage;
using TeleSante.Storage.Influx;

namespace TeleSante.Gateway.Infrastructure;

internal static class IngestionRegistration
{
    private static readonly WalOptions DefaultWal = new();

    /// <summary>Validation, the durable pipeline (write-ahead log, deduplication, dead letters), the
    /// InfluxDB store and the forwarder between them. Every options class is validated at start-up.
    /// The only place in the gateway that names InfluxDB: everything else uses the storage ports
    /// (<see cref="IReadingSink"/>, <see cref="IRecordingReader"/>).</summary>
    public static IHostApplicationBuilder AddTeleSanteIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<ValidationLimits>().BindConfiguration(ValidationLimits.Section).ValidateDataAnnotations()
            .Validate(limits => { limits.EnsureConsistent(); return true; }).ValidateOnStart();
        // A key that is not a setting stops the start: the write-ahead log's and the data directory's keys
        // moved from Ingestion to Wal and Storage, and an old configuration must not be half ignored.
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations()
            .Validate(o => o.MaxSequenceJump >= o.DeduplicationWindow, $"{IngestionOptions.Section}:MaxSequenceJump must be at least DeduplicationWindow").ValidateOnStart();
        services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwarderOptions>().BindConfiguration(ForwarderOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => new BatchValidator(sp.GetRequiredService<IOptions<ValidationLimits>>().Value, sp.GetRequiredService<TimeProvider>()));

        services.AddOptions<WalOptions>().BindConfiguration(WalOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true)
            .PostConfigure<DataPaths, IOptions<ValidationLimits>>((wal, paths, limits) =>
            {
                // Derived, not settings: one owner for where data lives, one for how large a batch may be.
                if (wal.Directory.Length > 0 || wal.MaxRecordBytes != DefaultWal.MaxRecordBytes)
                {
                    throw new OptionsValidationException(WalOptions.Section, typeof(WalOptions),
                        [$"{WalOptions.Section}:Directory and {WalOptions.Section}:MaxRecordBytes are derived from {StorageOptions.Section}:DataDirectory and {ValidationLimits.Section}:MaxBatchBytes; remove them."]);
                }

                wal.Directory = paths.Wal;
                // A record is a batch plus its envelope (receive time, transport).
                wal.MaxRecordBytes = limits.Value.MaxBatchBytes * 2;
            })
            .ValidateDataAnnotations()
            .Validate(wal => wal.SegmentBytes >= 64 * 1024, $"{WalOptions.Section}:SegmentBytes must be at least 64 KiB")
            .Validate(wal => wal.DiskBudgetBytes >= 1024 * 1024, $"{WalOptions.Section}:DiskBudgetBytes must be at least 1 MiB")
            .ValidateOnStart();

        services.AddSingleton(sp => new DeduplicationRecovery(sp.GetRequiredService<DataPaths>().DeduplicationSnapshot));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IngestionOptions>>().Value;
            return sp.GetRequiredService<DeduplicationRecovery>().Recover(options.DeduplicationWindow, (ulong)options.MaxSequenceJump, sp.GetRequiredService<WriteAheadLog>());
        });

        services.AddSingleton(sp => WriteAheadLog.Open(sp.GetRequiredService<IOptions<WalOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WriteAheadLog>>()));

        services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDeadLetterStore>(sp =>
            new SqliteDeadLetterStore(
                sp.GetRequiredService<DataPaths>().DeadLetters,
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
        services.AddSingleton<IReadingSink, InfluxReadingSink>();
        services.AddSingleton<IRecordingReader, InfluxRecordingReader>();
        services.AddSingleton<IStoreProbe>(sp => new InfluxStoreProbe(sp.GetRequiredService<ITimeSeriesStore>()));
        services.AddHostedService<InfluxForwarder>();
        return builder;
    }
}
