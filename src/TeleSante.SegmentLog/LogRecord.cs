namespace TeleSante.SegmentLog;

/// <summary>One durable record as read back from the log.</summary>
/// <param name="sequence">Sequence assigned when the record was appended (1-based, increasing, gaps possible).</param>
/// <param name="payload">The payload exactly as appended. The reader hands out its own copy: keep it as long as needed.</param>
public readonly struct LogRecord(long sequence, ReadOnlyMemory<byte> payload)
{
    /// <summary>Sequence assigned when the record was appended.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The payload exactly as appended.</summary>
    public ReadOnlyMemory<byte> Payload { get; } = payload;
}
