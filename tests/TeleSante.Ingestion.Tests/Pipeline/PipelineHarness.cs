using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Wal;
using TeleSante.Storage.Influx;

namespace TeleSante.Ingestion.Tests.Pipeline;

/// <summary>The pipeline and forwarder wired as the gateway wires them, on a temp directory and a real influxd.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "telesante-pipeline-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    public PipelineHarness(Uri influx, string database, WalOptions? wal = null, IngestionOptions? ingestion = null)
    {
        Directory.CreateDirectory(_directory);
        Ingestion = ingestion ?? new IngestionOptions();
        var walOptions = wal ?? new WalOptions();
        walOptions.Directory = Path.Combine(_directory, "wal");
        Wal = WriteAheadLog.Open(walOptions, TimeProvider.System, NullLogger<WriteAheadLog>.Instance);
        DeadLetters = new SqliteDeadLetterStore(Path.Combine(_directory, "deadletters.db"));
        Dedup = new DeduplicationIndex(Ingestion.DeduplicationWindow, (ulong)Ingestion.MaxSequenceJump);
        var influxOptions = Options.Create(new InfluxOptions { Url = influx, Database = database });
        Store = new InfluxV1Store(_http, influxOptions, NullLogger<InfluxV1Store>.Instance);
        Recordings = new InfluxRecordingReader(Store);
        Pipeline = new IngestionPipeline(
            new BatchValidator(new ValidationLimits(), TimeProvider.System), Dedup, Wal, DeadLetters, [], Options.Create(Ingestion),
            Options.Create(new ValidationLimits()), TimeProvider.System, NullLogger<IngestionPipeline>.Instance);
        Forwarder = new InfluxForwarder(Wal, new InfluxReadingSink(Store, influxOptions), Dedup, new DeduplicationRecovery(Path.Combine(_directory, "dedup.snapshot")), DeadLetters, Status,
            Options.Create(new ForwarderOptions { FlushInterval = TimeSpan.FromMilliseconds(50) }), Options.Create(Ingestion), TimeProvider.System, NullLogger<InfluxForwarder>.Instance);
    }

    public IngestionOptions Ingestion { get; }

    public WriteAheadLog Wal { get; }

    public SqliteDeadLetterStore DeadLetters { get; }

    public DeduplicationIndex Dedup { get; }

    public InfluxV1Store Store { get; }

    public InfluxRecordingReader Recordings { get; }

    public IngestionPipeline Pipeline { get; }

    public ForwarderStatus Status { get; } = new();

    public InfluxForwarder Forwarder { get; }

    public async Task WaitForwardedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Status.ForwardedSequence < Wal.LastSequence)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"forwarded {Status.ForwardedSequence} of {Wal.LastSequence}: {Status.LastError}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Forwarder.StopAsync(CancellationToken.None);
        Forwarder.Dispose();
        await Wal.DisposeAsync();
        DeadLetters.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
