namespace TeleSante.Ingestion.Wal;

/// <summary>What <see cref="WriteAheadLog.AppendAsync"/> did with a payload.</summary>
public readonly record struct WalAppendResult
{
    private WalAppendResult(WalAppendStatus status, long sequence)
    {
        Status = status;
        Sequence = sequence;
    }

    /// <summary>Nothing written: the log is at its disk budget or the filesystem at its free-space floor.</summary>
    public static WalAppendResult Full { get; } = new(WalAppendStatus.Full, 0);

    /// <summary>Nothing written: the payload exceeds <see cref="WalOptions.MaxRecordBytes"/>.</summary>
    public static WalAppendResult TooLarge { get; } = new(WalAppendStatus.TooLarge, 0);

    /// <summary>The outcome.</summary>
    public WalAppendStatus Status { get; }

    /// <summary>Sequence of the durable record when <see cref="Status"/> is <see cref="WalAppendStatus.Appended"/>, otherwise 0.</summary>
    public long Sequence { get; }

    /// <summary>True when the record is durable.</summary>
    public bool IsAppended => Status == WalAppendStatus.Appended;

    /// <summary>The record is durable under <paramref name="sequence"/>.</summary>
    public static WalAppendResult Appended(long sequence) => new(WalAppendStatus.Appended, sequence);
}
