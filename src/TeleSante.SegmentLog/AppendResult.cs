namespace TeleSante.SegmentLog;

/// <summary>What <see cref="SegmentedLog.AppendAsync"/> did with a payload.</summary>
public readonly record struct AppendResult
{
    private AppendResult(AppendStatus status, long sequence)
    {
        Status = status;
        Sequence = sequence;
    }

    /// <summary>Nothing written: the log is at its disk budget or the filesystem at its free-space floor.</summary>
    public static AppendResult Full { get; } = new(AppendStatus.Full, 0);

    /// <summary>Nothing written: the payload exceeds <see cref="SegmentedLogOptions.MaxRecordBytes"/>.</summary>
    public static AppendResult TooLarge { get; } = new(AppendStatus.TooLarge, 0);

    /// <summary>The outcome.</summary>
    public AppendStatus Status { get; }

    /// <summary>Sequence of the durable record when <see cref="Status"/> is <see cref="AppendStatus.Appended"/>, otherwise 0.</summary>
    public long Sequence { get; }

    /// <summary>True when the record is durable.</summary>
    public bool IsAppended => Status == AppendStatus.Appended;

    /// <summary>The record is durable under <paramref name="sequence"/>.</summary>
    public static AppendResult Appended(long sequence) => new(AppendStatus.Appended, sequence);
}
