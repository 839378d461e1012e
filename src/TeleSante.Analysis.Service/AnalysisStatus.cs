using System.Diagnostics.Metrics;

namespace TeleSante.Analysis.Service;

/// <summary>
/// Counters of the analysis, for /health and the metrics meter <c>TeleSante.Analysis</c> (OpenTelemetry or
/// <c>dotnet-counters</c>). Everything not analysed is counted here and stored as a "not analysed" segment.
/// </summary>
public sealed class AnalysisStatus : IDisposable
{
    public const string MeterName = "TeleSante.Analysis";

    private readonly Meter _meter = new(MeterName);
    private long _batches;
    private long _skippedOverload;
    private long _failed;
    private long _outOfOrder;
    private long _gaps;
    private long _beats;
    private long _storeFailures;
    private long _storeRefused;
    private long _pointsStored;
    private long _streams;
    private long _queued;

    public AnalysisStatus()
    {
        _meter.CreateObservableCounter("telesante.analysis.batches", () => BatchesAnalysed, description: "ECG batches analysed");
        _meter.CreateObservableCounter("telesante.analysis.skipped", () => BatchesSkipped, description: "ECG batches not analysed because the queue was full (stored, marked not analysed)");
        _meter.CreateObservableCounter("telesante.analysis.failed", () => BatchesFailed, description: "ECG batches whose analysis failed (stored, marked not analysed)");
        _meter.CreateObservableCounter("telesante.analysis.beats", () => Beats, description: "Beats detected");
        _meter.CreateObservableUpDownCounter("telesante.analysis.streams", () => Streams, description: "Streams being analysed");
        _meter.CreateObservableUpDownCounter("telesante.analysis.queued", () => Queued, description: "Batches waiting for analysis");
    }

    public long BatchesAnalysed => Interlocked.Read(ref _batches);

    /// <summary>Batches not analysed because the queue was full.</summary>
    public long BatchesSkipped => Interlocked.Read(ref _skippedOverload);

    /// <summary>Batches whose analysis threw.</summary>
    public long BatchesFailed => Interlocked.Read(ref _failed);

    /// <summary>Batches that came after later samples of their stream (not analysed).</summary>
    public long BatchesOutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Holes in streams' signal (RR restarted after each).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    public long Beats => Interlocked.Read(ref _beats);

    /// <summary>Store writes that failed and were retried.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Points the store refused on their own (logged; a bug or schema conflict).</summary>
    public long StoreRefused => Interlocked.Read(ref _storeRefused);

    public long PointsStored => Interlocked.Read(ref _pointsStored);

    public long Streams => Interlocked.Read(ref _streams);

    public long Queued => Interlocked.Read(ref _queued);

    internal void CountBatch() => Interlocked.Increment(ref _batches);

    internal void CountSkipped() => Interlocked.Increment(ref _skippedOverload);

    internal void CountFailed() => Interlocked.Increment(ref _failed);

    internal void CountOutOfOrder() => Interlocked.Increment(ref _outOfOrder);

    internal void CountGap() => Interlocked.Increment(ref _gaps);

    internal void CountBeats(int n) => Interlocked.Add(ref _beats, n);

    internal void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    internal void CountStoreRefused(int n) => Interlocked.Add(ref _storeRefused, n);

    internal void CountStored(int n) => Interlocked.Add(ref _pointsStored, n);

    internal void StreamsChanged(int delta) => Interlocked.Add(ref _streams, delta);

    internal void QueuedChanged(int delta) => Interlocked.Add(ref _queued, delta);

    public void Dispose() => _meter.Dispose();
}
