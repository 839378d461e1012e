using Microsoft.Extensions.Logging;
using TeleSante.Ingestion.Wal;
using TeleSante.Ingestion.Wal.Internal;

namespace TeleSante.Ingestion.Tests.Wal;

/// <summary>Opening logs with small limits, deterministic payloads, reading back.</summary>
internal static class WalTest
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static WriteAheadLog Open(
        WalTestDirectory directory,
        RecordingLogger<WriteAheadLog> logger,
        Action<WalOptions>? configure = null,
        WalTestHooks? hooks = null,
        TimeProvider? timeProvider = null)
    {
        var options = new WalOptions { Directory = directory.Path, MinFreeDiskBytes = 0 };
        configure?.Invoke(options);
        return WriteAheadLog.Open(options, timeProvider ?? TimeProvider.System, logger, hooks);
    }

    /// <summary>Payload number <paramref name="index"/>: 10 to 99 bytes that differ from one index to the next.</summary>
    public static byte[] Payload(long index)
    {
        var payload = new byte[10 + (int)(index * 37 % 90)];
        new Random((int)index).NextBytes(payload);
        return payload;
    }

    public static byte[] Payload(long index, int length)
    {
        var payload = new byte[length];
        new Random((int)index).NextBytes(payload);
        return payload;
    }

    /// <summary>Appends payloads <paramref name="from"/>..<paramref name="to"/> one after the other.</summary>
    public static async Task<List<long>> AppendRangeAsync(WriteAheadLog wal, int from, int to, Func<long, byte[]>? payload = null)
    {
        var sequences = new List<long>();
        for (var i = from; i <= to; i++)
        {
            var result = await wal.AppendAsync((payload ?? Payload)(i));
            result.Status.Should().Be(WalAppendStatus.Appended);
            sequences.Add(result.Sequence);
        }

        return sequences;
    }

    /// <summary>Every record durable right now with a sequence above <paramref name="afterSequence"/>.</summary>
    public static List<WalRecord> ReadAvailable(WriteAheadLog wal, long afterSequence = 0)
    {
        using var reader = wal.OpenReader(afterSequence);
        var records = new List<WalRecord>();
        while (reader.TryRead(out var record))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Reopens the directory and returns what a replay from the start yields.</summary>
    public static async Task<List<WalRecord>> ReplayAsync(WalTestDirectory directory, RecordingLogger<WriteAheadLog>? logger = null)
    {
        await using var wal = Open(directory, logger ?? new RecordingLogger<WriteAheadLog>());
        return ReadAvailable(wal);
    }

    /// <summary>Same sequences in the same order, byte-identical payloads.</summary>
    public static void ShouldHold(this IReadOnlyList<WalRecord> records, IReadOnlyList<(long Sequence, byte[] Payload)> expected)
    {
        records.Select(r => r.Sequence).Should().Equal(expected.Select(e => e.Sequence));
        for (var i = 0; i < expected.Count; i++)
        {
            records[i].Payload.Span.SequenceEqual(expected[i].Payload).Should().BeTrue($"the payload of sequence {expected[i].Sequence} must come back byte for byte");
        }
    }

    public static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }

    public static void Truncate(string file, long length)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(length);
    }

    public static bool HasLevel(this RecordingLogger<WriteAheadLog> logger, int eventId, LogLevel level) =>
        logger.Entries.Any(e => e.EventId.Id == eventId && e.Level == level);
}
