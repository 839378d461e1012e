using Microsoft.Extensions.Options;
using TeleSante.LiveView.Internal;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// A frame that comes ahead of its predecessor is held for <see cref="LiveViewOptions.ReorderWait"/> and then released
/// by housekeeping even if the predecessor never comes (a refused batch leaves a hole): shown live, late, never lost.
/// Housekeeping visits only the sessions holding frames, so these tests also prove a session is visited again each
/// time it holds one.
/// </summary>
public sealed class ReorderReleaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_frame_after_a_hole_is_released_once_the_wait_is_over_and_again_for_the_next_hole()
    {
        var options = Options.Create(new LiveViewOptions { ReorderWait = TimeSpan.FromMilliseconds(100) });
        var fanOut = new LiveFanOut(options, TimeProvider.System, new LiveRelayOutbox(options));
        var quiet = fanOut.Feed("cons-quiet");
        quiet.Accept(Frame("cons-quiet", 1));

        var feed = fanOut.Feed("cons-holes");
        feed.Accept(Frame("cons-holes", 1));
        feed.Accept(Frame("cons-holes", 3)); // batch 2 was refused: a hole
        fanOut.ReleaseOverdue();
        feed.Published.Should().Be(1, "frame 3 waits for frame 2 first");
        feed.HasHeldFrames.Should().BeTrue();

        await ReleasedAsync(fanOut, feed, 2);
        feed.HasHeldFrames.Should().BeFalse();

        // The session is held again later: housekeeping must still find it.
        feed.Accept(Frame("cons-holes", 5));
        feed.Published.Should().Be(2);
        await ReleasedAsync(fanOut, feed, 3);
        quiet.Published.Should().Be(1, "a session without holes is untouched");
    }

    [Fact]
    public void A_held_frame_whose_predecessor_arrives_is_released_at_once_and_housekeeping_has_nothing_left()
    {
        var options = Options.Create(new LiveViewOptions { ReorderWait = TimeSpan.FromSeconds(10) });
        var fanOut = new LiveFanOut(options, TimeProvider.System, new LiveRelayOutbox(options));
        var feed = fanOut.Feed("cons-late");
        feed.Accept(Frame("cons-late", 1));
        feed.Accept(Frame("cons-late", 3));
        feed.Accept(Frame("cons-late", 2));

        feed.Published.Should().Be(3, "2 then 3, in device order");
        fanOut.ReleaseOverdue();
        feed.HasHeldFrames.Should().BeFalse();
    }

    private static async Task ReleasedAsync(LiveFanOut fanOut, SessionFeed feed, long published)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (feed.Published < published)
        {
            fanOut.ReleaseOverdue();
            await Task.Delay(20, timeout.Token);
        }
    }

    private static LiveFrame Frame(string session, ulong batchSeq) => new()
    {
        SessionId = session,
        DeviceId = "ecg-1",
        BatchSeq = batchSeq,
        Waveforms = [new LiveChunk { StartTimeNs = (long)batchSeq * 10_000_000, SampleRateHz = 100, SampleCount = 1 }],
    };
}
