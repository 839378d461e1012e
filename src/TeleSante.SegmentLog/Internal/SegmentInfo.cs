namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// One segment file. The writer publishes <see cref="Length"/> and <see cref="LastSequence"/> only after an fsync, so
/// everything below <see cref="Length"/> is durable and never rewritten: readers may read it without locks.
/// </summary>
internal sealed class SegmentInfo(string path, long firstSequence, long lastSequence, long length)
{
    private long _lastSequence = lastSequence;
    private long _length = length;
    private long _fileBytes = length;

    public string Path { get; } = path;

    public long FirstSequence { get; } = firstSequence;

    /// <summary>Sequence of the last durable record; <c>FirstSequence - 1</c> while there is none.</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Durable length in bytes, always at a record boundary.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>
    /// Bytes the file occupies, as counted in the log's size. Exceeds <see cref="Length"/> only when a failed write
    /// could not be truncated away.
    /// </summary>
    public long FileBytes
    {
        get => Volatile.Read(ref _fileBytes);
        set => Volatile.Write(ref _fileBytes, value);
    }

    public void PublishDurable(long lastSequence, long length)
    {
        // Length first: a reader that sees the new LastSequence must also see the bytes that hold it.
        Volatile.Write(ref _length, length);
        Volatile.Write(ref _lastSequence, lastSequence);
    }
}
