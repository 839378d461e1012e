namespace TeleSante.StationAgent.Internal;

/// <summary>A segment file of the outbox. Mutable fields are changed under the outbox's lock; readers
/// take their values in a snapshot and never read past <see cref="CommittedLength"/>, which only
/// covers fsync'd records.</summary>
internal sealed class OutboxSegment(string path, long firstId)
{
    public string Path { get; } = path;

    /// <summary>The id in the file name: the first record's id when it has one.</summary>
    public long FirstId { get; } = firstId;

    /// <summary>Id of the last durable record; <see cref="FirstId"/> - 1 while empty.</summary>
    public long LastId { get; set; } = firstId - 1;

    /// <summary>Bytes from the start of the file to the end of the last durable record.</summary>
    public long CommittedLength { get; set; } = OutboxFormat.SegmentHeaderSize;

    public int RecordCount => (int)(LastId - FirstId + 1);
}
