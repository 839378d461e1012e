using TeleSante.Domain.Codes;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

public sealed class SlowViewerTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-martin";
    private const int Chunk = 500; // 1 s of 12-lead ECG per batch (about 30 KB per frame in JSON)
    private const int PerRound = 100;

    // Generous: the machine is shared; a blocked ingestion path would never acknowledge at all.
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_viewer_that_stops_reading_does_not_slow_ingestion_and_is_told_where_frames_were_dropped()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:BufferFramesPerConnection"] = "16" });
        gateway.Authorizer.Assign(Doctor, "cons-slow");
        var start = Ns.Now() - 3_600_000_000_000;

        // A practitioner's viewer that joins, then stops reading its socket (JSON: the larger frames fill it
        // sooner). Fill its path first (SignalR's buffer and the loopback socket buffers) until most new
        // frames are dropped, so that what follows runs while frames drop.
        await using var stuck = await StalledViewer.JoinAndStallAsync(gateway.HttpBase, Doctor, "cons-slow");
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-slow", "cons-slow", start, chunkSamples: Chunk);
        await using var oximeter = new VitalsDevice(gateway.Grpc, "oxi-slow", "cons-slow");
        for (var round = 0; round < 40; round++)
        {
            var dropped = gateway.FanOut.FramesDropped;
            await device.SendAsync(25);
            await device.DrainAsync(AckTimeout);
            if (gateway.FanOut.FramesDropped - dropped >= 20)
            {
                break;
            }
        }

        gateway.FanOut.FramesDropped.Should().BeGreaterThan(0, "the stuck viewer's buffer overflowed");
        var spo2 = await oximeter.SendAsync(Ns.Now(), (CodeCatalog.SpO2, 91, "%"));

        // Ingestion is never held back by the stuck viewer: every batch into its session is acknowledged,
        // none refused, while its frames keep being dropped. How fast, compared with nobody watching, is a
        // measurement, not a unit test: `telesante-bench slow-viewer` (bench/README.md).
        var droppedBefore = gateway.FanOut.FramesDropped;
        var sentBefore = device.Sent.Count;
        await device.SendAsync(PerRound);
        await device.DrainAsync(AckTimeout);
        output.WriteLine($"{device.Sent.Count} batches sent, {device.Acked} acknowledged, {gateway.FanOut.FramesDropped} frames dropped for the stuck viewer");
        device.Sent.Count.Should().Be(sentBefore + PerRound);
        device.Acked.Should().Be(device.Sent.Count, "every batch into the stuck viewer's session is acknowledged");
        device.Rejected.Should().Be(0);
        (gateway.FanOut.FramesDropped - droppedBefore).Should().BeGreaterThan(0, "the viewer still reads nothing, so its frames keep being dropped");

        // The viewer reads again: it gets the newest frames, and every hole is announced where it is.
        var published = gateway.FanOut.Find("cons-slow")!.Published;
        await stuck.ResumeUntilAsync(f => f.Count > 0 && f[^1].Seq == published, TimeSpan.FromSeconds(30));
        var frames = stuck.Frames;
        frames.Should().Contain(f => f.Gap != null);
        for (var i = 1; i < frames.Count; i++)
        {
            var (previous, current) = (frames[i - 1], frames[i]);
            (current.Seq - previous.Seq - 1).Should().Be(current.Gap?.DroppedFrames ?? 0, $"frame {current.Seq} announces exactly the frames missing before it");
            if (current.Gap is { ToNs: > 0 } gap && previous.Waveforms.Length > 0 && current.Waveforms.Length > 0)
            {
                gap.FromNs.Should().Be(previous.Waveforms[0].EndTimeNs, "the gap starts where the last delivered chunk ended");
                gap.ToNs.Should().Be(current.Waveforms[0].StartTimeNs, "and ends where this one starts");
            }
        }

        frames.Last(f => f.Gap != null).Gap!.TotalDropped.Should().Be(gateway.FanOut.FramesDropped, "one viewer dropped them all");
        frames.SelectMany(f => f.Vitals).Should().ContainSingle(v => v.MdcCode == CodeCatalog.SpO2 && v.Value == 91 && v.TimeNs == spo2.Observations[0].TimeNs,
            "a measurement in a dropped frame is delivered with the next frame, never lost");
        gateway.Log.Warnings.Should().Contain(w => w.EventId.Id == 4004, "the gateway logs the viewer that fell behind");
        gateway.Log.Errors.Should().BeEmpty();
    }
}
