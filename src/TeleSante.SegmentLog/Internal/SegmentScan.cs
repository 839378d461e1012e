namespace TeleSante.SegmentLog.Internal;

/// <summary>What validating a segment file found: its header and the runs of valid records in it.</summary>
internal sealed class SegmentScan(bool headerValid, long fileLength, IReadOnlyList<RecordRun> runs)
{
    public bool HeaderValid { get; } = headerValid;

    public long FileLength { get; } = fileLength;

    public IReadOnlyList<RecordRun> Runs { get; } = runs;

    /// <summary>End of the records that follow the header without a gap (the header's end when there are none).</summary>
    public long ValidPrefixEnd =>
        HeaderValid && Runs.Count > 0 && Runs[0].Start == SegmentFormat.SegmentHeaderSize ? Runs[0].End : SegmentFormat.SegmentHeaderSize;

    /// <summary>Bytes that belong to no valid record (a damaged header included).</summary>
    public long InvalidBytes => FileLength - Runs.Sum(r => r.Bytes) - (HeaderValid ? SegmentFormat.SegmentHeaderSize : 0);

    /// <summary>Offset of the first byte that failed validation, or -1.</summary>
    public long FirstInvalidOffset => !HeaderValid ? 0 : ValidPrefixEnd < FileLength ? ValidPrefixEnd : -1;

    public bool IsClean => HeaderValid && ValidPrefixEnd == FileLength;

    /// <summary>
    /// The header and the records after it are intact up to a point, after which nothing valid follows: the shape a
    /// crash leaves at the end of the last segment when the final group had not been fsync'd.
    /// </summary>
    public bool IsTornTail => HeaderValid && !IsClean && Runs.Count <= (ValidPrefixEnd > SegmentFormat.SegmentHeaderSize ? 1 : 0);

    public long RecordCount => Runs.Sum(r => r.Count);
}
