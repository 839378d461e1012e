namespace TeleSante.SegmentLog.Tests;

/// <summary>What a log holds, as its readers see it.</summary>
internal static class LogContents
{
    /// <summary>Every durable record from the start, by sequence.</summary>
    public static Dictionary<long, byte[]> Read(SegmentedLog log)
    {
        using var reader = log.OpenReader(0);
        var records = new Dictionary<long, byte[]>();
        while (reader.TryRead(out var record))
        {
            records.Add(record.Sequence, record.Payload.ToArray());
        }

        return records;
    }
}
