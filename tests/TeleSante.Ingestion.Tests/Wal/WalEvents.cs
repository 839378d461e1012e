namespace TeleSante.Ingestion.Tests.Wal;

/// <summary>Event ids of the write-ahead log's messages that the tests look for.</summary>
internal static class WalEvents
{
    public const int TornTailTruncated = 1201;
    public const int IncompleteSegmentDeleted = 1202;
    public const int SegmentCorrupt = 1203;
    public const int SegmentOutOfOrder = 1204;
    public const int CheckpointInvalid = 1205;
    public const int SegmentCreated = 1206;
    public const int WriteFailed = 1209;
    public const int Full = 1213;
}
