using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TeleSante.Bench.Infrastructure;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;

namespace TeleSante.Bench.LiveView;

/// <summary>
/// How much a viewer that stops reading costs ingestion (moved here from SlowViewerTests, which keeps the
/// behaviour: every batch acknowledged, frames dropped and counted, gaps announced). influxd and the built
/// gateway run as child processes; one device streams into a session nobody watches, another into the
/// session of a stuck viewer, in alternating runs so that drift of the machine affects both alike; the
/// medians are compared.
/// </summary>
internal sealed class SlowViewerBenchmark(SlowViewerSettings settings)
{
    private const string Practitioner = "bench-practitioner";

    public async Task<SlowViewerReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var influx = await BenchInfluxServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var machine = MachineDescription.Capture(await influx.VersionAsync(cancellationToken).ConfigureAwait(false));
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "Disabled",
            ["LiveView:BufferFramesPerConnection"] = settings.BufferFrames.ToString(CultureInfo.InvariantCulture),
            // One device sends far faster than real time on purpose.
            ["Ingestion:MaxBatchesPerSecondPerDevice"] = "100000",
            ["Ingestion:BurstBatchesPerDevice"] = "1000000",
        }).ConfigureAwait(false);
        await gateway.AssignAsync("bench-slow", Practitioner).ConfigureAwait(false);
        var token = await gateway.DevTokenAsync(Practitioner, "specialist").ConfigureAwait(false);
        var start = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100 - 3_600_000_000_000;

        await using var free = new Device(gateway, Recorder("bench-free", "bench-free", start));
        await using var watched = new Device(gateway, Recorder("bench-watched", "bench-slow", start));
        AnsiConsole.MarkupLine("warming up (JIT, connections, first InfluxDB writes)");
        await RateAsync(gateway, free, settings.BatchesPerRun, cancellationToken).ConfigureAwait(false);

        await using var stuck = await StuckViewer.JoinAndStallAsync(gateway.HttpPort, token, "bench-slow", cancellationToken).ConfigureAwait(false);
        // Fill the stuck viewer's path (SignalR's buffer, the loopback socket buffers) so that its frames drop
        // during the measurement, as they do in SlowViewerTests.
        AnsiConsole.MarkupLine("filling the stuck viewer's path");
        await RateAsync(gateway, watched, 2 * settings.BatchesPerRun, cancellationToken).ConfigureAwait(false);

        var alone = new List<double>();
        var into = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            alone.Add(await RateAsync(gateway, free, settings.BatchesPerRun, cancellationToken).ConfigureAwait(false));
            into.Add(await RateAsync(gateway, watched, settings.BatchesPerRun, cancellationToken).ConfigureAwait(false));
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {alone[^1]:0} batches/s alone, {into[^1]:0} into the stuck viewer's session"));
        }

        var (aloneMedian, intoMedian) = (Median(alone), Median(into));
        return new SlowViewerReport(machine, settings, alone, into, aloneMedian, intoMedian, intoMedian / aloneMedian, free.Sender.Rejected + watched.Sender.Rejected);
    }

    public static ResultTable Table(SlowViewerReport r)
    {
        var ci = CultureInfo.InvariantCulture;
        var table = new ResultTable("Ingestion with a viewer that stopped reading (batches acknowledged per second)", "runs", "batches per run", "nobody watching (median)", "into the stuck viewer's session (median)", "ratio", "runs alone", "runs watched", "rejected");
        table.Add(
            r.Settings.Rounds.ToString(ci),
            r.Settings.BatchesPerRun.ToString(ci),
            r.AloneMedian.ToString("0", ci),
            r.WatchedMedian.ToString("0", ci),
            r.Ratio.ToString("P0", ci),
            string.Join(", ", r.AloneBatchesPerSecond.Select(x => x.ToString("0", ci))),
            string.Join(", ", r.WatchedBatchesPerSecond.Select(x => x.ToString("0", ci))),
            r.Rejected.ToString(ci));
        return table;
    }

    private EcgRecorder Recorder(string deviceId, string sessionId, long startNs) => new(new EcgRecorderOptions
    {
        DeviceId = deviceId,
        SiteId = "bench",
        SessionId = sessionId,
        Leads = 12,
        ChunkSamples = settings.ChunkSamples,
        StartTimeNs = startNs,
        Signal = new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 75, Seed = 42 },
    });

    /// <summary>Batches acknowledged per second, starting with InfluxDB caught up (the forwarder competes for
    /// the same cores, so each run starts from the same state).</summary>
    private static async Task<double> RateAsync(GatewayProcess gateway, Device device, int batches, CancellationToken cancellationToken)
    {
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            await device.Sender.SendAsync(device.Recorder.NextBatch(), cancellationToken).ConfigureAwait(false);
        }

        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(TimeSpan.FromSeconds(120));
        await device.Sender.DrainAsync(drain.Token).ConfigureAwait(false);
        return batches / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class Device : IAsyncDisposable
    {
        public Device(GatewayProcess gateway, EcgRecorder recorder)
        {
            Recorder = recorder;
            Sender = new GrpcBatchSender(gateway.Grpc);
            Sender.Start();
        }

        public EcgRecorder Recorder { get; }

        public GrpcBatchSender Sender { get; }

        public ValueTask DisposeAsync() => Sender.DisposeAsync();
    }
}
