namespace TeleSante.SegmentLog;

/// <summary>Outcome of <see cref="SegmentedLog.AppendAsync"/>.</summary>
public enum AppendStatus
{
    /// <summary>The record is fsync'd: it may be acknowledged to whoever handed it over.</summary>
    Appended = 1,

    /// <summary>The disk budget or the free-space floor would be crossed. Nothing was written; refuse with a retryable status.</summary>
    Full = 2,

    /// <summary>The payload exceeds <see cref="SegmentedLogOptions.MaxRecordBytes"/>. Nothing was written; retrying will not help.</summary>
    TooLarge = 3,
}
