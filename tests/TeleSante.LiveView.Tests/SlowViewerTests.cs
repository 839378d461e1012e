using System.Diagnostics;
using System.Globalization;
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
    private const int Rounds = 4;
    private const int PerRound = 100;

    [Fact]
    public async Task A_viewer_that_stops_reading_does_not_slow_ingestion_and_is_told_where_frames_were_dropped()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:BufferFramesPerConnection"] = "16" });
        gateway.Authorizer.Assign(Doctor, "cons-slow");
        var start = Ns.Now() - 3_600_000_000_000;

        // Warm up (JIT, connections, first InfluxDB writes).
        await using (var warm = new SimulatedDevice(gateway.Grpc, "ecg-warm", "cons-warm", start, chunkSamples: Chunk))
        {
            await RateAsync(gateway, warm, 200);
        }

        // A practitioner's viewer that joins, then stops reading its socket (JSON: the larger frames fill it
        // sooner). Fill its path first (SignalR's buffer and the loopback socket buffers) until most new
        // frames are dropped, so that the measurement runs while frames drop.
        await using var stuck = await StalledViewer.JoinAndStallAsync(gateway.HttpBase, Doctor, "cons-slow");
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-slow", "cons-slow", start, chunkSamples: Chunk);
        await using var free = new SimulatedDevice(gateway.Grpc, "ecg-free", "cons-free", start, chunkSamples: Chunk);
        await using var oximeter = new VitalsDevice(gateway.Grpc, "oxi-slow", "cons-slow");
        for (var round = 0; round < 40; round++)
        {
            var dropped = gateway.FanOut.FramesDropped;
            await device.SendAsync(25);
            await device.DrainAsync(TimeSpan.FromSeconds(20));
            if (gateway.FanOut.FramesDropped - dropped >= 20)
            {
                break;
            }
        }

        gateway.FanOut.FramesDropped.Should().BeGreaterThan(0, "the stuck viewer's buffer overflowed");
        var spo2 = await oximeter.SendAsync(Ns.Now(), (CodeCatalog.SpO2, 91, "%"));

        // Alternate runs with nobody watching and runs into the stuck viewer's session, so that drift of the
        // machine (write-ahead log, InfluxDB, caches) affects both alike; compare the medians.
        var droppedBefore = gateway.FanOut.FramesDropped;
        var alone = new List<double>();
        var watched = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            alone.Add(await RateAsync(gateway, free, PerRound));
            watched.Add(await RateAsync(gateway, device, PerRound));
        }

        var droppedDuring = gateway.FanOut.FramesDropped - droppedBefore;
        var (baseline, withStuckViewer) = (Median(alone), Median(watched));
        var report = string.Create(CultureInfo.InvariantCulture,
            $"ingestion, {Rounds} alternating runs of {PerRound} 12-lead 1 s batches: median {baseline:0} batches/s with nobody watching [{string.Join(", ", alone.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}], {withStuckViewer:0} batches/s into the session of a viewer that stopped reading [{string.Join(", ", watched.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}] ({withStuckViewer / baseline:P0}); {droppedDuring} of its frames dropped meanwhile");
        output.WriteLine(report);
        Console.WriteLine(report);
        droppedDuring.Should().BeGreaterThan(0);
        withStuckViewer.Should().BeGreaterThan(baseline * 0.5, "a viewer that stops reading must not hold ingestion back (tolerance for a shared 2-core machine)");
        device.Rejected.Should().Be(0);

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

    /// <summary>Batches acknowledged per second, starting with InfluxDB caught up (the forwarder competes
    /// for the same two cores, so each phase starts from the same state).</summary>
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<double> RateAsync(LiveGateway gateway, SimulatedDevice device, int batches)
    {
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(60));
        var stopwatch = Stopwatch.StartNew();
        await device.SendAsync(batches);
        await device.DrainAsync(TimeSpan.FromSeconds(60));
        return batches / stopwatch.Elapsed.TotalSeconds;
    }
}
