using Microsoft.Extensions.Logging;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WriteAheadLogUpgradeTests
{
    /// <summary>
    /// Fixtures/wal-v1 was written by the gateway before its log moved to TeleSante.SegmentLog: payloads
    /// <see cref="WalTest.Payload(long)"/> 1..60 in three 2 KiB segments, confirmed up to 20, and 7 bytes of a record
    /// that a crash cut at the end of the last segment. An existing data directory must replay after the upgrade.
    /// </summary>
    [Fact]
    public async Task A_data_directory_written_by_the_previous_gateway_replays_after_the_upgrade()
    {
        using var directory = new WalTestDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Wal", "Fixtures", "wal-v1")))
        {
            File.Copy(file, Path.Combine(directory.Path, Path.GetFileName(file)));
        }

        var logger = new RecordingLogger<WriteAheadLog>();
        await using (var wal = WalTest.Open(directory, logger, o =>
        {
            o.SegmentBytes = 2048;
            o.MaxRecordBytes = 512;
            o.DiskBudgetBytes = 1 << 20;
        }))
        {
            wal.ConfirmedSequence.Should().Be(20);
            wal.LastSequence.Should().Be(60);
            WalTest.ReadAvailable(wal, wal.ConfirmedSequence).ShouldHold([.. Enumerable.Range(21, 40).Select(i => ((long)i, WalTest.Payload(i)))]);
            (await wal.AppendAsync(WalTest.Payload(61))).Should().Be(WalAppendResult.Appended(61));
        }

        logger.HasLevel(WalEvents.TornTailTruncated, LogLevel.Warning).Should().BeTrue("the crash's torn tail is cut as before");
        logger.VerifyNoUnexpectedErrors();
        (await WalTest.ReplayAsync(directory)).Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 61).Select(i => (long)i));
    }
}
