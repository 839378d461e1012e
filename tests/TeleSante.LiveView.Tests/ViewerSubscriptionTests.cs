using System.Threading.Channels;
using TeleSante.LiveView.Internal;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// The per-viewer ring on its own (the hub tests, SlowViewerTests above all, prove it through a real
/// connection): it drops the oldest frames when full, and the frame sent next carries a gap that
/// describes exactly the frames dropped before it, whatever the interleaving of offers and sends.
/// </summary>
public sealed class ViewerSubscriptionTests
{
    private const long FrameNs = 10_000_000; // each test frame holds 10 ms of signal, back to back
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_full_ring_drops_its_oldest_frames_and_the_next_frame_sent_describes_exactly_them()
    {
        var sent = Channel.CreateUnbounded<LiveFrame>();
        var firstSendEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstSend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drops = 0;
        var gaps = new List<int>();
        await using var subscription = new ViewerSubscription(
            "conn-1",
            Feed(),
            capacity: 4,
            async (frame, ct) =>
            {
                if (frame.Seq == 1)
                {
                    firstSendEntered.SetResult();
                    await releaseFirstSend.Task.WaitAsync(ct);
                }

                sent.Writer.TryWrite(frame);
            },
            NoAnalysis,
            () => drops++,
            (_, dropped) => gaps.Add(dropped));
        subscription.Start([]);

        // Frame 1 is taken and its send stalls: the connection stops reading.
        subscription.Offer(Frame(1));
        await firstSendEntered.Task.WaitAsync(Patience);
        var frames = Enumerable.Range(2, 8).Select(seq => Frame(seq)).ToList();
        frames[1] = frames[1] with { Vitals = [Vital(3, 91)] };          // frame 3
        frames[2] = frames[2] with { Events = [Event(4, "probe-off")] };   // frame 4
        frames[4] = frames[4] with { Vitals = [Vital(6, 72)] };          // frame 6, kept
        foreach (var frame in frames)
        {
            subscription.Offer(frame);
        }

        subscription.Buffered.Should().Be(4, "the ring holds its capacity");
        subscription.DroppedFrames.Should().Be(4, "frames 2 to 5 made room for 6 to 9");
        drops.Should().Be(4, "every drop is counted for the fan-out total");

        releaseFirstSend.SetResult();
        var received = await ReadAsync(sent.Reader, 5);

        received.Select(f => f.Seq).Should().Equal(1, 6, 7, 8, 9);
        received[1].Gap.Should().BeEquivalentTo(new FrameGap { DroppedFrames = 4, FromNs = Start(2), ToNs = Start(6), TotalDropped = 4 });
        received[1].Vitals.Should().Equal(Vital(3, 91), Vital(6, 72));
        received[1].Events.Should().Equal(Event(4, "probe-off"));
        received.Where(f => f.Seq != 6).Should().OnlyContain(f => f.Gap == null, "only the first frame after the hole announces it");
        gaps.Should().Equal(4);
        subscription.SentFrames.Should().Be(5);
        subscription.Buffered.Should().Be(0);
    }

    [Fact]
    public async Task Under_concurrent_offers_every_frame_sent_announces_exactly_the_frames_missing_before_it()
    {
        const int Total = 20_000;
        var sent = Channel.CreateUnbounded<LiveFrame>();
        long dropCalls = 0;
        long gapsAnnounced = 0;
        long sentCount = 0;
        await using var subscription = new ViewerSubscription(
            "conn-stress",
            Feed(),
            capacity: 8,
            async (frame, ct) =>
            {
                // A viewer slower than ingestion, so that offers keep dropping while the sender takes frames.
                await Task.Yield();
                sent.Writer.TryWrite(frame);
                Interlocked.Increment(ref sentCount);
            },
            NoAnalysis,
            () => Interlocked.Increment(ref dropCalls),
            (_, dropped) => Interlocked.Add(ref gapsAnnounced, dropped));
        subscription.Start([]);

        // One writer at a time, as under the session's lock, on its own thread: bursts of 1 to 24 frames
        // (the ring holds 8), each started once the sender has sent another frame, so that offers, drops
        // and takes interleave all along rather than the writer finishing before the sender starts.
        var offered = new List<LiveVital>();
        await Task.Run(() =>
        {
            var random = new Random(10);
            var seq = 0;
            while (seq < Total)
            {
                var sentBefore = Interlocked.Read(ref sentCount);
                for (var burst = random.Next(1, 25); burst > 0 && seq < Total; burst--)
                {
                    var frame = Frame(++seq);
                    if (seq % 50 == 0)
                    {
                        frame = frame with { Vitals = [Vital(seq, seq)] };
                        offered.Add(frame.Vitals[0]);
                    }

                    subscription.Offer(frame);
                }

                SpinWait.SpinUntil(() => Interlocked.Read(ref sentCount) > sentBefore, Patience).Should().BeTrue("the sender keeps taking frames");
            }
        });

        // The last frame offered is never dropped (nothing came after it), so the sender reaches it.
        var received = new List<LiveFrame>();
        while (received.Count == 0 || received[^1].Seq != Total)
        {
            received.Add(await sent.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        }

        subscription.DroppedFrames.Should().BeGreaterThan(0, "the test must make the ring overflow to prove anything");
        received.Count(f => f.Gap != null).Should().BeGreaterThan(100, "holes opened and were announced all along, not once at the end");
        long previousSeq = 0, previousEnd = 0, announced = 0;
        foreach (var frame in received)
        {
            var missing = frame.Seq - previousSeq - 1;
            (frame.Gap?.DroppedFrames ?? 0).Should().Be((int)missing, $"frame {frame.Seq} follows frame {previousSeq}");
            if (frame.Gap is { } gap)
            {
                announced += gap.DroppedFrames;
                gap.TotalDropped.Should().Be(announced);
                gap.FromNs.Should().Be(previousSeq == 0 ? Start(1) : previousEnd, "the gap starts where the last frame sent ended");
                gap.ToNs.Should().Be(Start(frame.Seq), "and ends where this one starts");
            }

            previousSeq = frame.Seq;
            previousEnd = frame.Waveforms[0].EndTimeNs;
        }

        announced.Should().Be(subscription.DroppedFrames).And.Be(Interlocked.Read(ref dropCalls)).And.Be(Interlocked.Read(ref gapsAnnounced));
        (received.Count + announced).Should().Be(Total, "every frame was either sent or announced as dropped");
        received.SelectMany(f => f.Vitals).Should().Equal(offered, "the vitals of dropped frames travel with the next frame, each once, in order");
    }

    [Fact]
    public async Task Leaving_stops_a_stalled_send_and_later_offers_are_neither_buffered_nor_counted_as_drops()
    {
        var sendEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drops = 0;
        var subscription = new ViewerSubscription(
            "conn-gone",
            Feed(),
            capacity: 4,
            async (_, ct) =>
            {
                sendEntered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
            NoAnalysis,
            () => drops++,
            (_, _) => { });
        subscription.Start([]);
        subscription.Offer(Frame(1));
        await sendEntered.Task.WaitAsync(Patience);

        await subscription.DisposeAsync().AsTask().WaitAsync(Patience);
        for (var seq = 2; seq < 20; seq++)
        {
            subscription.Offer(Frame(seq));
        }

        subscription.Failure.Should().BeNull("leaving is not a failure");
        subscription.Buffered.Should().Be(0);
        subscription.DroppedFrames.Should().Be(0);
        drops.Should().Be(0);
    }

    [Fact]
    public async Task A_failed_send_is_kept_and_the_ring_then_only_drops_without_blocking_ingestion()
    {
        var failure = new IOException("connection reset");
        var sendCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drops = 0;
        var subscription = new ViewerSubscription(
            "conn-broken",
            Feed(),
            capacity: 4,
            (_, _) =>
            {
                sendCalled.TrySetResult();
                return Task.FromException(failure);
            },
            NoAnalysis,
            () => drops++,
            (_, _) => { });
        subscription.Start([]);
        subscription.Offer(Frame(1));
        await sendCalled.Task.WaitAsync(Patience);
        for (var seq = 2; seq <= 10; seq++)
        {
            subscription.Offer(Frame(seq));
        }

        subscription.Buffered.Should().Be(4);
        subscription.DroppedFrames.Should().Be(5, "frames 2 to 6 made room for 7 to 10");
        drops.Should().Be(5);
        await subscription.DisposeAsync().AsTask().WaitAsync(Patience);
        subscription.Failure.Should().BeSameAs(failure, "kept for the log when the viewer leaves");
        subscription.SentFrames.Should().Be(0);
    }

    [Fact]
    public async Task A_burst_of_analysis_results_while_the_connection_is_stalled_never_pushes_a_frame_out()
    {
        // Analysis results come after the frames they describe, sometimes in bursts (a queue catching up): a viewer
        // that could not keep up must still get the newest frame, and every frame it lost announced by a gap.
        var sent = Channel.CreateUnbounded<object>();
        var firstSendEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstSend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drops = 0;
        await using var subscription = new ViewerSubscription(
            "conn-analysis",
            Feed(),
            capacity: 4,
            async (frame, ct) =>
            {
                if (frame.Seq == 1)
                {
                    firstSendEntered.SetResult();
                    await releaseFirstSend.Task.WaitAsync(ct);
                }

                sent.Writer.TryWrite(frame);
            },
            (analysis, _) =>
            {
                sent.Writer.TryWrite(analysis);
                return Task.CompletedTask;
            },
            () => drops++,
            (_, _) => { });
        subscription.Start([]);
        subscription.Offer(Frame(1));
        await firstSendEntered.Task.WaitAsync(Patience);
        for (var seq = 2; seq <= 6; seq++)
        {
            subscription.Offer(Frame(seq));
        }

        for (var i = 0; i < 10; i++)
        {
            subscription.Offer(new LiveAnalysis { SessionId = "cons-ring", DeviceId = "ecg-1", Seq = 6, FromNs = Start(i), ToNs = Start(i + 1) });
        }

        subscription.Buffered.Should().Be(4, "frames 3 to 6 are still there: the analysis results took none of their places");
        subscription.BufferedAnalyses.Should().Be(4);
        subscription.DroppedFrames.Should().Be(1, "only frame 2 made room, for frame 6");
        subscription.DroppedAnalyses.Should().Be(6);
        releaseFirstSend.SetResult();

        var received = new List<object>();
        while (received.Count < 9)
        {
            received.Add(await sent.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        }

        var frames = received.OfType<LiveFrame>().ToList();
        frames.Select(f => f.Seq).Should().Equal(1, 3, 4, 5, 6);
        frames[1].Gap!.DroppedFrames.Should().Be(1, "frame 3 announces the loss of frame 2");
        received.Skip(5).Should().AllBeOfType<LiveAnalysis>("the results came after frame 6, and are sent after it")
            .And.HaveCount(4);
        received.OfType<LiveAnalysis>().Select(a => a.FromNs).Should().Equal([Start(6), Start(7), Start(8), Start(9)], "the newest results are kept");
        drops.Should().Be(1);
    }

    private static SessionFeed Feed() => new("cons-ring", new LiveViewOptions(), TimeProvider.System);

    private static long Start(long seq) => seq * FrameNs;

    private static Task NoAnalysis(LiveAnalysis analysis, CancellationToken cancellationToken) => Task.CompletedTask;

    private static LiveFrame Frame(long seq) => new()
    {
        SessionId = "cons-ring",
        DeviceId = "ecg-1",
        Seq = seq,
        BatchSeq = (ulong)seq,
        Waveforms = [new LiveChunk { StartTimeNs = Start(seq), SampleRateHz = 100, SampleCount = 1 }],
    };

    private static LiveVital Vital(long seq, double value) => new() { DeviceId = "oxi-1", MdcCode = 150456, Value = value, Unit = "%", TimeNs = Start(seq) };

    private static LiveEvent Event(long seq, string code) => new() { DeviceId = "oxi-1", Code = code, TimeNs = Start(seq) };

    private static async Task<List<LiveFrame>> ReadAsync(ChannelReader<LiveFrame> reader, int count)
    {
        var frames = new List<LiveFrame>();
        while (frames.Count < count)
        {
            frames.Add(await reader.ReadAsync().AsTask().WaitAsync(Patience));
        }

        return frames;
    }
}
