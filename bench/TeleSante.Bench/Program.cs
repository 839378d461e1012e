using System.Globalization;
using Spectre.Console;
using TeleSante.Bench.Analysis;
using TeleSante.Bench.Cli;
using TeleSante.Bench.FundusGate;
using TeleSante.Bench.Gateway;
using TeleSante.Bench.Infrastructure;
using TeleSante.Bench.LiveView;
using TeleSante.Bench.Micro;
using TeleSante.Bench.Peer;
using TeleSante.Bench.Storage;

// telesante-bench storage | gateway | micro | slow-viewer — see bench/README.md.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop the run and let the child processes be stopped; a second one kills the bench.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

if (Console.IsOutputRedirected)
{
    // Logged to a file: wide enough that the tables are not folded into unreadable columns.
    AnsiConsole.Profile.Width = 320;
}

try
{
    var arguments = BenchArguments.Parse(args);
    switch (arguments.Command)
    {
        case "storage":
            await RunStorageAsync(arguments, cancel.Token);
            return 0;
        case "gateway":
            await RunGatewayAsync(arguments, cancel.Token);
            return 0;
        case "peer":
            return await RunPeerAsync(arguments, cancel.Token);
        case "micro":
            RunMicro(arguments);
            return 0;
        case "slow-viewer":
            await RunSlowViewerAsync(arguments, cancel.Token);
            return 0;
        case "analysis-cost":
            RunAnalysisCost(arguments);
            return 0;
        case "fundus-gate":
            RunFundusGate(arguments);
            return 0;
        default:
            PrintUsage();
            return arguments.Command == "help" ? 0 : 2;
    }
}
catch (ArgumentException ex)
{
    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
    PrintUsage();
    return 2;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]cancelled[/]");
    return 130;
}

static async Task RunStorageAsync(BenchArguments arguments, CancellationToken cancellationToken)
{
    var settings = new StorageSettings(
        arguments.IntList("streams", [10, 50, 100, 300]),
        arguments.Int("max-per-sample-streams", 300),
        arguments.Int("seconds", 60),
        arguments.Int("writers", 2),
        arguments.Int("batch-lines", 5000),
        !arguments.Flag("no-gzip"),
        TimeSpan.FromSeconds(arguments.Int("settle-timeout", 120)),
        arguments.Int("read-repeats", 5));
    var output = arguments.String("output") ?? "storage";
    arguments.EnsureAllUsed();
    var report = await new StorageBenchmark(settings).RunAsync(cancellationToken);
    var table = StorageBenchmark.Table(report);
    table.Print();
    ResultFiles.Write(output, report, BenchJsonContext.Default.StorageReport, report.Machine, [table]);
}

static async Task RunGatewayAsync(BenchArguments arguments, CancellationToken cancellationToken)
{
    var devices = arguments.IntList("devices", [100]);
    var channels = arguments.Int("channels", 4);
    var vitals = arguments.Int("vitals", 100);
    var interval = arguments.Double("vitals-interval", 5);
    var duration = arguments.Int("duration", 60);
    var outage = arguments.Int("influx-outage", 0);
    var drain = arguments.Int("drain-timeout", 180);
    var dll = arguments.String("gateway-dll") ?? BenchPaths.GatewayDll;
    var output = arguments.String("output");
    var attribution = arguments.String("attribution") ?? "session";
    var analysis = arguments.String("analysis") ?? "on";
    var viewers = arguments.Int("viewers", 0);
    var viewerWarmup = arguments.Int("viewer-warmup", 5);
    arguments.EnsureAllUsed();
    if (viewers < 0 || viewers > devices.Min())
    {
        throw new ArgumentException("--viewers is 0 to the number of ECG devices (each viewer watches a distinct device's session)");
    }

    if (viewerWarmup < 0)
    {
        throw new ArgumentException("--viewer-warmup is a number of seconds, 0 or more");
    }

    if (analysis is not ("on" or "off"))
    {
        throw new ArgumentException("--analysis is on (the gateway's ECG analysis runs, the default) or off");
    }

    if (attribution is not ("session" or "consultation"))
    {
        throw new ArgumentException("--attribution is session (no check, the default) or consultation (a station and an open consultation per device)");
    }

    if (outage >= duration)
    {
        throw new ArgumentException("--influx-outage must be shorter than --duration");
    }

    var reports = new List<GatewayReport>();
    foreach (var n in devices)
    {
        AnsiConsole.Write(new Rule($"{n} ECG devices, {vitals} vitals devices, {duration} s, attribution {attribution}, analysis {analysis}{(outage > 0 ? $", influxd stopped for {outage} s" : string.Empty)}"));
        var settings = new GatewaySettings(n, channels, vitals, interval, duration, outage, TimeSpan.FromSeconds(drain), dll, attribution == "consultation", analysis == "on", viewers, viewerWarmup);
        var report = await new GatewayBenchmark(settings).RunAsync(cancellationToken);
        reports.Add(report);
        var table = GatewayBenchmark.Table([report]);
        table.Print();
        var tables = new List<ResultTable> { table };
        if (report.Viewers is not null)
        {
            var viewerTable = GatewayBenchmark.ViewerTable([report]);
            viewerTable.Print();
            tables.Add(viewerTable);
        }

        PrintFindings(report);
        var name = output ?? $"gateway-n{n}{(outage > 0 ? $"-outage{outage}" : string.Empty)}{(settings.Consultations ? "-consultation" : string.Empty)}{(settings.Analysis ? string.Empty : "-analysis-off")}";
        ResultFiles.Write(name, report, BenchJsonContext.Default.GatewayReport, report.Machine, tables, Findings(report));
    }

    if (reports.Count > 1)
    {
        GatewayBenchmark.Table(reports).Print();
        if (viewers > 0)
        {
            GatewayBenchmark.ViewerTable(reports).Print();
        }
    }
}

static async Task<int> RunPeerAsync(BenchArguments arguments, CancellationToken cancellationToken)
{
    var quick = arguments.Flag("quick");
    var ramp = arguments.Flag("ramp");
    var steps = arguments.IntList("devices", quick ? [300] : ramp ? [1000, 3000, 6000, 10000] : [1000]);
    var flow = arguments.String("flow") ?? "function";
    var settings = new PeerSettings(
        steps,
        arguments.Double("vitals-interval", 5),
        arguments.Int("duration", quick ? 25 : 60),
        arguments.Int("influx-outage", 0),
        arguments.String("side") ?? "both",
        TimeSpan.FromSeconds(arguments.Int("drain-timeout", 120)),
        arguments.String("gateway-dll") ?? BenchPaths.GatewayDll,
        arguments.Double("p99-limit", 1000),
        flow switch
        {
            "function" => PeerFlowStyle.Function,
            "join" => PeerFlowStyle.Join,
            _ => throw new ArgumentException("--flow is function (the function node batches, the default) or join (the core join node batches)"),
        },
        arguments.Int("batch-points", 1000),
        arguments.Int("flush-ms", 1000));
    var output = arguments.String("output")
        ?? $"peer-{(quick ? "quick" : steps.Count > 1 ? "ramp" : $"n{steps[0]}")}{(settings.InfluxOutage > 0 ? $"-outage{settings.InfluxOutage}" : string.Empty)}";
    arguments.EnsureAllUsed();
    if (settings.Sides is not ("gateway" or "peer" or "both"))
    {
        throw new ArgumentException("--side is gateway, peer or both (the default: the gateway, then the peer)");
    }

    if (settings.InfluxOutage >= settings.Duration)
    {
        throw new ArgumentException("--influx-outage must be shorter than --duration");
    }

    if (settings.RunsPeer)
    {
        try
        {
            PeerInstallation.Find();
        }
        catch (InvalidOperationException ex)
        {
            // Before anything starts: a comparison without its peer is no comparison.
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 3;
        }
    }

    var benchmark = new PeerBenchmark(settings);
    var report = await benchmark.RunAsync(cancellationToken);
    var tables = new List<ResultTable> { PeerBenchmark.Table(report), PeerBenchmark.RatioTable(report) };
    foreach (var table in tables)
    {
        table.Print();
    }

    var notes = report.Runs.SelectMany(PeerBenchmark.Findings).Concat(report.Stops).ToList();
    if (steps.Count > 1)
    {
        foreach (var (suffix, svg) in PeerBenchmark.Plots(report))
        {
            var path = Path.Combine(BenchPaths.Results, $"{output}-{suffix}.svg");
            Directory.CreateDirectory(BenchPaths.Results);
            File.WriteAllText(path, svg);
            notes.Add($"Plot: {Path.GetFileName(path)}");
        }
    }

    ResultFiles.Write(output, report, BenchJsonContext.Default.PeerReport, report.Machine, tables, notes);
    return 0;
}

static async Task RunSlowViewerAsync(BenchArguments arguments, CancellationToken cancellationToken)
{
    var settings = new SlowViewerSettings(
        arguments.Int("rounds", 4),
        arguments.Int("batches", 100),
        arguments.Int("chunk-samples", 500),
        arguments.Int("buffer-frames", 16));
    var output = arguments.String("output") ?? "slow-viewer";
    arguments.EnsureAllUsed();
    var report = await new SlowViewerBenchmark(settings).RunAsync(cancellationToken);
    var table = SlowViewerBenchmark.Table(report);
    table.Print();
    ResultFiles.Write(output, report, BenchJsonContext.Default.SlowViewerReport, report.Machine, [table]);
}

static void RunAnalysisCost(BenchArguments arguments)
{
    var seconds = arguments.Int("seconds", 1800);
    var model = arguments.String("model") ?? Path.Combine(TeleSante.Testing.RepositoryPaths.Root, "models", "af", "af-model.zip");
    var output = arguments.String("output") ?? "analysis-cost";
    arguments.EnsureAllUsed();
    var beatModel = arguments.String("beat-model") ?? Path.Combine(TeleSante.Testing.RepositoryPaths.Root, "models", "beats", "beat-model.zip");
    var report = AnalysisCostBenchmark.Run(seconds, model, beatModel);
    var table = AnalysisCostBenchmark.Table(report);
    table.Print();
    ResultFiles.Write(output, report, BenchJsonContext.Default.AnalysisCostReport, report.Machine, [table]);
}

static void RunFundusGate(BenchArguments arguments)
{
    var distinct = arguments.Int("photographs", 14);
    var decisions = arguments.Int("decisions", 300);
    var model = arguments.String("model") ?? Path.Combine(BenchPaths.Root, "models", "fundus-gate");
    var output = arguments.String("output") ?? "fundus-gate";
    arguments.EnsureAllUsed();
    var report = FundusGateBenchmark.Run(distinct, decisions, model);
    var table = FundusGateBenchmark.Table(report);
    table.Print();
    ResultFiles.Write(output, report, BenchJsonContext.Default.FundusGateReport, report.Machine, [table],
        [string.Create(CultureInfo.InvariantCulture, $"Load average at start {report.Machine.LoadAverage1m:0.0}, at end {report.LoadAverageAtEnd:0.0} on {report.Machine.Cores} cores (shared with other engineers' builds and tests): wall-clock times include waiting for a core; the CPU column does not.")]);
}

static void RunMicro(BenchArguments arguments)
{
    var filter = arguments.String("filter");
    var output = arguments.String("output") ?? "micro";
    arguments.EnsureAllUsed();
    var report = MicroRunner.Run(filter);
    var table = MicroRunner.Table(report);
    table.Print();
    ResultFiles.Write(output, report, BenchJsonContext.Default.MicroReport, report.Machine, [table]);
}

static void PrintFindings(GatewayReport report)
{
    foreach (var line in Findings(report))
    {
        AnsiConsole.MarkupLine(Markup.Escape(line));
    }
}

static IEnumerable<string> Findings(GatewayReport r)
{
    var ci = CultureInfo.InvariantCulture;
    yield return string.Create(ci, $"ECG: {r.EcgSent} sent, {r.EcgAcked} acked ({r.EcgDuplicates} duplicates), {r.EcgRejected} rejected, {r.EcgUnansweredAtEnd} unanswered after the drain, {r.EcgReconnects} stream restarts; max send lag {r.MaxSendLagMs:0} ms, {r.LateSends} sends over 0.5 s late.");
    yield return string.Create(ci, $"ECG ack latency (send → ack, {r.EcgLatency.Count} acks): p50 {r.EcgLatency.P50Ms:0.0} ms, p95 {r.EcgLatency.P95Ms:0.0} ms, p99 {r.EcgLatency.P99Ms:0.0} ms, p99.9 {r.EcgLatency.P999Ms:0.0} ms, max {r.EcgLatency.MaxMs:0} ms.");
    yield return string.Create(ci, $"Vitals over MQTT: {r.VitalsAcked} acked, {r.VitalsRefused} refused, {r.VitalsFailed} failed; publish → PUBACK p50 {r.VitalsLatency.P50Ms:0.0} ms, p99 {r.VitalsLatency.P99Ms:0.0} ms, max {r.VitalsLatency.MaxMs:0} ms.");
    if (r.Viewers is { } v)
    {
        yield return string.Create(ci, $"Live viewers (SignalR JSON on /hubs/live, one practitioner per watched ECG session): {v.Joined}/{v.Viewers} joined in {v.JoinSeconds:0.0} s; over the {v.SteadySeconds:0} s steady window {v.FramesReceived} of {v.FramesExpected} frames received; device→viewer (last sample → frame received) p50 {v.Latency.P50Ms:0.0} ms, p95 {v.Latency.P95Ms:0.0} ms, p99 {v.Latency.P99Ms:0.0} ms, max {v.Latency.MaxMs:0} ms; {v.GapsAnnounced} gaps announced ({v.FramesDroppedAnnounced} frames dropped), {v.UnannouncedHoles} unannounced holes, {v.Disconnects} disconnects.{(v.Errors.Count > 0 ? " Viewer errors: " + string.Join(" | ", v.Errors) : string.Empty)}");
    }

    yield return string.Create(ci, $"Gateway at the end: accepted {r.HealthAtEnd.Accepted}, duplicates {r.HealthAtEnd.Duplicates}, rejected {r.HealthAtEnd.Rejected}, dead letters {r.HealthAtEnd.DeadLetters}, WAL fsyncs {r.HealthAtEnd.Fsyncs}, WAL {r.HealthAtEnd.WalSizeBytes / 1048576.0:0.0} MiB in {r.HealthAtEnd.WalSegments} segments.");
    var h = r.HealthAtEnd;
    yield return r.Settings.Analysis
        ? string.Create(ci, $"ECG analysis: {h.AnalysisBatches} batches analysed, {h.AnalysisSkipped} skipped (queue full, stored as not analysed), {h.AnalysisFailed} failed; {h.AnalysisBeats} beats; {h.AnalysisPointsStored} analysis points stored.")
        : "ECG analysis: off.";
    yield return string.Create(ci, $"Backlog when the load stopped: {r.BacklogAtEnd} records (peak {r.MaxBacklog}); drained in {(r.DrainSeconds is { } d ? d.ToString("0.0", ci) + " s" : "NOT within the timeout")}.");
    foreach (var p in r.Resources.Processes)
    {
        yield return string.Create(ci, $"CPU {p.Name}: {p.CpuCores:0.00} cores, max RSS {p.MaxRssMiB:0} MiB.");
    }

    yield return string.Create(ci, $"Machine busy {r.Resources.MachineBusyCores:0.00} of {r.Machine.Cores} cores; {r.Resources.OtherBusyCores:0.00} cores used by other processes (shared machine); CPU pressure (some task waiting for a core) {r.Resources.CpuPressurePercent:0} % of the time.");
    yield return string.Create(ci, $"CPU per accepted batch, load and drain: gateway {r.GatewayCpuMsPerBatch:0.00} ms, influxd {r.InfluxCpuMsPerBatch:0.00} ms: one core would carry about {1000 / (2 * r.GatewayCpuMsPerBatch):0} real-time ECG devices in the gateway, {1000 / (2 * r.InfluxCpuMsPerBatch):0} in influxd.");
    if (r.Outage is { } o)
    {
        yield return string.Create(ci, $"Outage: influxd stopped at {o.StoppedAt:0.0} s, answering again at {o.RestartedAt:0.0} s; ECG acks/s before {o.AckedPerSecondBefore:0}, during {o.AckedPerSecondDuring:0}; backlog peak {o.BacklogPeak}; back to the pre-outage backlog {(o.CatchUpSeconds is { } c ? c.ToString("0", ci) + " s after the restart" : "not before the load ended")}.");
    }

    if (r.Stored is { } s)
    {
        yield return string.Create(ci, $"Stored vs acked: waveform points {s.WaveformPointsStored} stored / {s.WaveformPointsExpected} expected ({s.EcgBatchesAcked} batches x 12); observations {s.ObservationPointsStored} / {s.ObservationPointsExpected}; devices short: {s.DevicesShort}. {(s.Complete ? "No loss." : "LOSS: " + string.Join("; ", s.ShortExamples))}");
    }

    if (r.GatewayWarnings + r.GatewayErrors > 0)
    {
        yield return $"Gateway logged {r.GatewayWarnings} warnings and {r.GatewayErrors} errors; first: {string.Join(" | ", r.GatewayProblems.Take(6))}";
    }

    if (r.EcgRejections.Count > 0)
    {
        yield return "Rejections: " + string.Join(", ", r.EcgRejections.Select(kv => $"{kv.Key} {kv.Value}"));
    }

    if (r.ClientErrors.Count > 0)
    {
        yield return "Client-side errors: " + string.Join(" | ", r.ClientErrors);
    }
}

static void PrintUsage() => AnsiConsole.WriteLine("""
    telesante-bench COMMAND [options]   (build: dotnet build bench/TeleSante.Bench -c Release)

    storage   per-sample vs chunked waveform points against a real influxd
              --streams 10,50,100,300  --max-per-sample-streams 300  --seconds 60  --writers 2
              --batch-lines 5000  --no-gzip  --settle-timeout 120  --read-repeats 5  --output storage
    gateway   end-to-end load on the built gateway (influxd + gateway started as child processes)
              --devices 100[,1000,...]  --channels 4  --vitals 100  --vitals-interval 5  --duration 60
              --influx-outage 0  --drain-timeout 180  --gateway-dll PATH  --output NAME
              --attribution session|consultation (consultation: a station and an open consultation per device, checked per batch)
              --viewers 0 (live viewers, each a practitioner watching a distinct ECG session: device→viewer latency)  --viewer-warmup 5
    peer      the gateway and the assembled peer (mosquitto + Node-RED 5 + node-red-contrib-influxdb; bench/peer/setup.sh
              installs it) side by side under the same MQTT vitals load, same influxd: msg/s, CPU per message,
              PUBACK p50/p99, max RSS, acknowledged-but-lost; several --devices values (or --ramp) make a ramp with SVG plots
              --devices 1000[,3000,...]  --ramp (1000,3000,6000,10000)  --quick (300 devices, 25 s per side)
              --vitals-interval 5  --duration 60  --influx-outage 0  --side both|gateway|peer  --p99-limit 1000
              --flow function|join  --batch-points 1000  --flush-ms 1000  --drain-timeout 120  --gateway-dll PATH  --output NAME
    micro     BenchmarkDotNet micro-benchmarks (ShortRun, MemoryDiagnoser)   --filter NAME  --output micro
    analysis-cost  CPU of the gateway's ECG analysis per stream (1 lead 250 Hz, 12 leads 500 Hz)
              --seconds 1800  --model models/af/af-model.zip  --beat-model models/beats/beat-model.zip ("" = none)  --output analysis-cost
    slow-viewer  ingestion rate into the session of a viewer that stopped reading vs nobody watching
              --rounds 4  --batches 100  --chunk-samples 500  --buffer-frames 16  --output slow-viewer
    fundus-gate  decision time of the fundus quality gate (probe, decode, measure, predict) on 1600x1200 JPEG and PNG
              --photographs 14  --decisions 300  --model models/fundus-gate  --output fundus-gate
    """);
