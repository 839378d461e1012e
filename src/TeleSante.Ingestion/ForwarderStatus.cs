namespace TeleSante.Ingestion;

/// <summary>What the InfluxDB forwarder reports for the health endpoint. Updated by one writer.</summary>
public sealed class ForwarderStatus
{
    private long _forwardedRecords;
    private long _deadLetteredLines;
    private long _forwardedSequence;

    /// <summary>False while InfluxDB writes are failing (data accumulates in the write-ahead log).</summary>
    public bool InfluxReachable { get; internal set; } = true;

    public string? LastError { get; internal set; }

    public DateTimeOffset? LastSuccess { get; internal set; }

    public int ConsecutiveFailures { get; internal set; }

    /// <summary>Highest write-ahead-log sequence written to InfluxDB.</summary>
    public long ForwardedSequence
    {
        get => Interlocked.Read(ref _forwardedSequence);
        internal set => Interlocked.Exchange(ref _forwardedSequence, value);
    }

    public long ForwardedRecords => Interlocked.Read(ref _forwardedRecords);

    public long DeadLetteredLines => Interlocked.Read(ref _deadLetteredLines);

    internal void AddForwarded(long records) => Interlocked.Add(ref _forwardedRecords, records);

    internal void AddDeadLettered() => Interlocked.Increment(ref _deadLetteredLines);
}
