namespace TeleSante.Ingestion.Wal;

/// <summary>Outcome of <see cref="WriteAheadLog.AppendAsync"/>.</summary>
public enum WalAppendStatus
{
    /// <summary>The record is fsync'd: the batch may be acknowledged.</summary>
    Appended = 1,

    /// <summary>The disk budget or the free-space floor would be crossed. Nothing was written; refuse with a retryable status.</summary>
    Full = 2,

    /// <summary>The payload exceeds <see cref="WalOptions.MaxRecordBytes"/>. Nothing was written; retrying will not help.</summary>
    TooLarge = 3,
}
