namespace TeleSante.SegmentLog.Internal;

/// <summary>Consecutive valid records occupying the bytes [Start, End) of a segment file.</summary>
internal readonly record struct RecordRun(long Start, long End, long FirstSequence, long LastSequence)
{
    public long Bytes => End - Start;

    public long Count => LastSequence - FirstSequence + 1;
}
