using System.Collections.Concurrent;
using TeleSante.Ingestion.Wal;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WriteAheadLogCrashImageTests(ITestOutputHelper output)
{
    /// <summary>
    /// A copy of the directory taken while appends are in flight is what a power cut could leave (and more: it can
    /// catch a group half-written). Everything acknowledged before the copy started must come back from it.
    /// </summary>
    [Fact]
    public async Task Copy_of_the_directory_taken_during_appends_holds_every_acknowledged_record()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        var acknowledged = new ConcurrentDictionary<long, byte[]>();
        using var stop = new CancellationTokenSource();
        await using var wal = WalTest.Open(directory, logger, o =>
        {
            o.SegmentBytes = 16 * 1024;
            o.MaxRecordBytes = 1024;
        });

        Task[] producers = [.. Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var payload = WalTest.Payload((p * 1_000_000) + i);
                var result = await wal.AppendAsync(payload);
                acknowledged[result.Sequence] = payload;
            }
        }))];

        try
        {
            var acknowledgedAtLastImage = 0;
            for (var image = 0; image < 5; image++)
            {
                // Each image is taken after more appends were acknowledged (a fixed 40 ms once saw none under load).
                await Eventually.UntilAsync(() => acknowledged.Count >= acknowledgedAtLastImage + 50, WalTest.Timeout, "appends acknowledged since the last image");
                var before = acknowledged.ToArray(); // an atomic snapshot, unlike enumerating it
                acknowledgedAtLastImage = before.Length;
                using var crashImage = directory.Copy();

                // Repairs (a torn tail, a half-written group) may be logged: that is what a crash leaves.
                var imageLogger = new RecordingLogger<WriteAheadLog>();
                var replayed = await WalTest.ReplayAsync(crashImage, imageLogger);
                output.WriteLine(
                    $"image {image}: {before.Length} acknowledged before the copy, {replayed.Count} recovered, " +
                    $"torn tail repaired: {imageLogger.Count(WalEvents.TornTailTruncated)}, segments quarantined: {imageLogger.Count(WalEvents.SegmentCorrupt)}");
                var recovered = replayed.ToDictionary(r => r.Sequence, r => r.Payload.ToArray());
                replayed.Select(r => r.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
                before.Should().NotBeEmpty();
                foreach (var (sequence, payload) in before)
                {
                    recovered.Should().ContainKey(sequence, "sequence {0} was acknowledged before the image was taken", sequence);
                    recovered[sequence].Should().Equal(payload);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(producers).WaitAsync(WalTest.Timeout);
        }

        logger.VerifyNoUnexpectedErrors();
    }
}
