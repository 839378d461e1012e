using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using TeleSante.Bench.Infrastructure;
using TeleSante.Bench.Storage;
using TeleSante.Storage.Influx;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// End-to-end load: influxd and the built gateway as child processes, N ECG devices over gRPC and M
/// vitals devices over MQTT in real time for a fixed time, optionally with influxd stopped mid-run;
/// then the backlog drain and an acknowledged-versus-stored check.
/// </summary>
public sealed class GatewayBenchmark(GatewaySettings settings)
{
    private const string Database = "bench";
    private const int Leads = 12;
    private const int ChunkSamples = 250;

    public async Task<GatewayReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var influx = await BenchInfluxServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var machine = MachineDescription.Capture(await influx.VersionAsync(cancellationToken).ConfigureAwait(false));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(machine.ToString())}[/]");
        await using var gateway = await GatewayProcessHost.StartAsync(settings.GatewayDll, influx.Url, Database, GatewaySettingsFor(settings), cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[grey]gateway pid {gateway.ProcessId}: gRPC {gateway.GrpcAddress}, MQTT {gateway.MqttPort}, data {Markup.Escape(gateway.DataDirectory)}[/]");
        if (settings.Consultations)
        {
            // The same identities EcgDeviceFleet.Start and VitalsPublisher give their devices.
            var identities = Enumerable.Range(0, settings.EcgDevices).Select(i => SimulatedStream.Create("ecg", i, 0, 1)).Select(s => (s.DeviceId, s.SiteId, s.SessionId))
                .Concat(Enumerable.Range(0, settings.VitalsDevices).Select(i => (VitalsPublisher.DeviceIdOf(i), VitalsPublisher.SiteIdOf(i), VitalsPublisher.SessionIdOf(i))))
                .ToList();
            var setup = Stopwatch.StartNew();
            await ConsultationSetup.OpenAsync(gateway, settings.GatewayDll, identities, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"[grey]{identities.Count} stations with an open consultation created through the API in {setup.Elapsed.TotalSeconds:0.0} s (Attribution:Mode Consultation)[/]");
        }

        // A minute of signal per pool entry; devices loop over it.
        var pool = new EcgSignalPool(8, 120, ChunkSamples);
        var ecgLatency = new LatencyRecorder(4 * settings.EcgDevices * (settings.Duration + 60));
        var vitalsLatency = new LatencyRecorder(Math.Max(1024, (int)(4 * settings.VitalsDevices * (settings.Duration + 60) / settings.VitalsInterval)));
        await using var fleet = new EcgDeviceFleet(gateway.GrpcAddress, settings.Channels, ecgLatency);
        var vitals = Enumerable.Range(0, settings.VitalsDevices).Select(i => new VitalsPublisher("127.0.0.1", gateway.MqttPort, i, vitalsLatency)).ToList();
        await using var viewers = settings.Viewers > 0
            ? await ViewerFleet.PrepareAsync(gateway, settings.GatewayDll, settings.Viewers, settings.EcgDevices, cancellationToken).ConfigureAwait(false)
            : null;

        var timeline = new List<TimelinePoint>();
        var clock = Stopwatch.StartNew();
        await using var monitor = new ResourceMonitor([("gateway", () => gateway.ProcessId), ("influxd", () => influx.ProcessId), ("bench", () => Environment.ProcessId)]);
        using var stopVitals = new CancellationTokenSource();
        fleet.Start(settings.EcgDevices, pool);
        var vitalsTasks = vitals.Select((v, i) => Task.Run(() => v.RunAsync(
            TimeSpan.FromSeconds(settings.VitalsInterval),
            TimeSpan.FromSeconds(settings.VitalsInterval * i / Math.Max(1, settings.VitalsDevices)),
            stopVitals.Token))).ToList();

        using var loadEnd = new CancellationTokenSource();
        var viewersTask = viewers?.RunAsync(fleet, TimeSpan.FromSeconds(settings.ViewerWarmupSeconds), loadEnd.Token) ?? Task.CompletedTask;

        using var stopTimeline = new CancellationTokenSource();
        var timelineTask = FollowAsync(gateway, influx, fleet, vitals, timeline, clock, stopTimeline.Token);

        // Optional outage, centred in the load window.
        (double Stopped, double Restarted)? outage = null;
        var outageTask = Task.CompletedTask;
        if (settings.InfluxOutage > 0)
        {
            outageTask = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds((settings.Duration - settings.InfluxOutage) / 2.0), cancellationToken).ConfigureAwait(false);
                var stopped = clock.Elapsed.TotalSeconds;
                AnsiConsole.MarkupLine($"[yellow]{stopped:0.0} s: stopping influxd for {settings.InfluxOutage} s[/]");
                await influx.StopAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(settings.InfluxOutage), cancellationToken).ConfigureAwait(false);
                await influx.StartAgainAsync(cancellationToken).ConfigureAwait(false);
                var restarted = clock.Elapsed.TotalSeconds;
                AnsiConsole.MarkupLine($"[yellow]{restarted:0.0} s: influxd answers again[/]");
                outage = (stopped, restarted);
            }, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(settings.Duration), cancellationToken).ConfigureAwait(false);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var ackedInWindow = fleet.Acked;
        var sentInWindow = fleet.Sent;
        var latenessInWindow = fleet.LateSends;
        var resources = monitor.Summarize();
        await loadEnd.CancelAsync().ConfigureAwait(false);
        await viewersTask.ConfigureAwait(false);
        viewers?.MarkEnd();
        AnsiConsole.MarkupLine($"[grey]{loadSeconds:0.0} s: load stops; waiting for the answers to what was sent[/]");
        await outageTask.ConfigureAwait(false);
        await stopVitals.CancelAsync().ConfigureAwait(false);
        await fleet.StopAndDrainAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await Task.WhenAll(vitalsTasks).ConfigureAwait(false);
        ViewerSummary? viewerSummary = null;
        if (viewers is not null)
        {
            await viewers.WaitForLastFramesAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            viewerSummary = await viewers.StopAsync().ConfigureAwait(false);
        }

        var atEnd = await gateway.HealthAsync(cancellationToken).ConfigureAwait(false);
        var backlogAtEnd = atEnd.BacklogRecords;
        var drainStarted = clock.Elapsed;
        double? drainSeconds = null;
        while (clock.Elapsed - drainStarted < settings.DrainTimeout)
        {
            var health = await gateway.HealthAsync(cancellationToken).ConfigureAwait(false);
            if (health.BacklogRecords == 0 && health.InfluxReachable)
            {
                drainSeconds = (clock.Elapsed - drainStarted).TotalSeconds;
                break;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await stopTimeline.CancelAsync().ConfigureAwait(false);
        await timelineTask.ConfigureAwait(false);
        var finalHealth = await gateway.HealthAsync(cancellationToken).ConfigureAwait(false);

        // The whole cost of what was accepted, forwarding included (load and drain): per batch it does
        // not depend on how much CPU the shared machine left to the processes.
        var accepted = Math.Max(1, finalHealth.Accepted);
        var gatewayMsPerBatch = monitor.CpuSeconds("gateway") * 1000 / accepted;
        var influxMsPerBatch = monitor.CpuSeconds("influxd") * 1000 / accepted;
        var stored = drainSeconds is null ? null : await CheckStoredAsync(influx, fleet, vitals, cancellationToken).ConfigureAwait(false);

        var expectedPerSecond = settings.EcgDevices / pool.ChunkDuration.TotalSeconds;
        var ackedPerSecond = ackedInWindow / loadSeconds;

        // Real time: over the window the acks are within 2 % of what the devices' clocks produce (the
        // first chunk of each device only exists after 0.5 s, hence not 100 %), hardly any send waited
        // for a full window, and the backlog reached InfluxDB.
        var keptRealTime = ackedPerSecond >= 0.98 * expectedPerSecond * (loadSeconds - pool.ChunkDuration.TotalSeconds) / loadSeconds
            && latenessInWindow <= sentInWindow / 1000
            && drainSeconds is not null;

        OutageSummary? outageSummary = null;
        if (outage is { } o)
        {
            outageSummary = SummarizeOutage(o.Stopped, o.Restarted, timeline);
        }

        return new GatewayReport(
            machine,
            settings,
            loadSeconds,
            fleet.Sent,
            fleet.Acked,
            fleet.Duplicates,
            fleet.Rejected,
            fleet.Rejections.ToDictionary(),
            fleet.Reconnects,
            fleet.Pending,
            ackedPerSecond,
            expectedPerSecond,
            ackedPerSecond * ChunkSamples * Leads,
            ecgLatency.Summarize(),
            fleet.MaxLagMs,
            fleet.LateSends,
            vitals.Sum(v => v.Acked),
            vitals.Sum(v => v.Refused),
            vitals.Sum(v => v.Failed),
            vitalsLatency.Summarize(),
            keptRealTime,
            resources,
            gatewayMsPerBatch,
            influxMsPerBatch,
            finalHealth,
            backlogAtEnd,
            timeline.Count == 0 ? backlogAtEnd : Math.Max(backlogAtEnd, timeline.Max(t => t.Backlog)),
            drainSeconds,
            outageSummary,
            stored,
            gateway.Warnings,
            gateway.Errors,
            gateway.Problems,
            [.. fleet.LastErrors, .. vitals.Select(v => v.LastRefusal).OfType<string>().Distinct().Take(5)],
            timeline,
            viewerSummary);
    }

    /// <summary>
    /// Device authentication off (Security:DeviceAuthentication, "for isolated test benches only"):
    /// registering thousands of simulated devices through the admin API is out of the bench's scope,
    /// so the figures leave out the credential check per stream and MQTT connection (done once per
    /// connection, not per batch). The gateway logs one start-up warning about it, counted below.
    /// </summary>
    private static Dictionary<string, string> GatewaySettingsFor(GatewaySettings settings) => new()
    {
        ["Security:DeviceAuthentication"] = "false",
        ["Attribution:Mode"] = settings.Consultations ? "Consultation" : "Session",
        ["Analysis:Enabled"] = settings.Analysis ? "true" : "false",
    };

    public static ResultTable Table(IEnumerable<GatewayReport> reports)
    {
        var table = new ResultTable(
            "Gateway end to end: 12-lead 500 Hz ECG devices streaming 0.5 s chunks over gRPC in real time, plus MQTT vitals",
            "ECG devices", "vitals", "outage s", "acks/s (needed)", "samples/s", "ack p50/p95/p99 ms", "max", "rejected", "reconnects", "late sends",
            "vitals acks (p99 ms)", "gateway CPU / RSS", "influxd CPU", "bench CPU", "other CPU", "CPU pressure", "gw / influxd CPU ms per batch", "backlog end", "drain s", "stored = acked", "real time", "gw warn/err");
        foreach (var r in reports)
        {
            var gw = r.Resources.Processes.First(p => p.Name == "gateway");
            var influx = r.Resources.Processes.First(p => p.Name == "influxd");
            var bench = r.Resources.Processes.First(p => p.Name == "bench");
            table.Add(
                Format.Int(r.Settings.EcgDevices),
                Format.Int(r.Settings.VitalsDevices),
                r.Settings.InfluxOutage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{Format.Int(r.EcgAckedPerSecond)} ({Format.Int(r.EcgExpectedPerSecond)})",
                Format.Int(r.SamplesPerSecond),
                $"{Format.Fixed(r.EcgLatency.P50Ms, 1)} / {Format.Fixed(r.EcgLatency.P95Ms, 1)} / {Format.Fixed(r.EcgLatency.P99Ms, 1)}",
                Format.Fixed(r.EcgLatency.MaxMs, 0),
                Format.Int(r.EcgRejected),
                Format.Int(r.EcgReconnects),
                Format.Int(r.LateSends),
                $"{Format.Int(r.VitalsAcked)} ({Format.Fixed(r.VitalsLatency.P99Ms, 1)})",
                $"{Format.Fixed(gw.CpuCores, 2)} / {Format.Int(gw.MaxRssMiB)} MiB",
                Format.Fixed(influx.CpuCores, 2),
                Format.Fixed(bench.CpuCores, 2),
                Format.Fixed(r.Resources.OtherBusyCores, 2),
                r.Resources.CpuPressurePercent is { } pressure ? Format.Fixed(pressure, 0) + " %" : "-",
                $"{Format.Fixed(r.GatewayCpuMsPerBatch, 2)} / {Format.Fixed(r.InfluxCpuMsPerBatch, 2)}",
                Format.Int(r.BacklogAtEnd),
                r.DrainSeconds is { } d ? Format.Fixed(d, 1) : "no",
                r.Stored is null ? "not checked" : r.Stored.Complete ? "yes" : $"NO ({Format.Int(r.Stored.WaveformPointsStored)}/{Format.Int(r.Stored.WaveformPointsExpected)})",
                r.KeptRealTime ? "yes" : "NO",
                $"{r.GatewayWarnings}/{r.GatewayErrors}");
        }

        return table;
    }

    /// <summary>The live viewers' table (runs with <c>--viewers</c> only).</summary>
    public static ResultTable ViewerTable(IEnumerable<GatewayReport> reports)
    {
        var table = new ResultTable(
            "Live viewers during the load: device→viewer latency (SignalR JSON, steady window)",
            "ECG devices", "viewers (joined)", "steady s", "frames received / expected", "device→viewer p50/p99 ms", "max ms", "gaps (frames dropped)", "unannounced holes", "disconnects");
        foreach (var r in reports)
        {
            if (r.Viewers is not { } v)
            {
                continue;
            }

            table.Add(
                Format.Int(r.Settings.EcgDevices),
                $"{Format.Int(v.Viewers)} ({Format.Int(v.Joined)})",
                Format.Fixed(v.SteadySeconds, 0),
                $"{Format.Int(v.FramesReceived)} / {Format.Int(v.FramesExpected)}",
                $"{Format.Fixed(v.Latency.P50Ms, 1)} / {Format.Fixed(v.Latency.P99Ms, 1)}",
                Format.Fixed(v.Latency.MaxMs, 0),
                $"{Format.Int(v.GapsAnnounced)} ({Format.Int(v.FramesDroppedAnnounced)})",
                Format.Int(v.UnannouncedHoles),
                Format.Int(v.Disconnects));
        }

        return table;
    }

    private static OutageSummary SummarizeOutage(double stopped, double restarted, List<TimelinePoint> timeline)
    {
        var before = timeline.Where(t => t.Second > 2 && t.Second <= stopped).ToList();
        var during = timeline.Where(t => t.Second > stopped + 1 && t.Second <= restarted).ToList();
        var baseline = before.Count == 0 ? 0 : before.Max(t => t.Backlog);
        var caughtUp = timeline.FirstOrDefault(t => t.Second > restarted && t.Backlog <= baseline);
        return new OutageSummary(
            stopped,
            restarted,
            before.Count == 0 ? 0 : before.Average(t => t.EcgAcks),
            during.Count == 0 ? 0 : during.Average(t => t.EcgAcks),
            timeline.Count == 0 ? 0 : timeline.Max(t => t.Backlog),
            caughtUp is null ? null : caughtUp.Second - restarted);
    }

    /// <summary>Once a second: acks, pending, the gateway's /health backlog, CPU of gateway and
    /// influxd. Printed as it goes so a stall is visible while it happens.</summary>
    private static async Task FollowAsync(GatewayProcessHost gateway, BenchInfluxServer influx, EcgDeviceFleet fleet, List<VitalsPublisher> vitals, List<TimelinePoint> timeline, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long lastAcks = 0, lastVitals = 0;
        var lastGateway = gateway.ProcessId is { } g ? ProcessUsage.Read(g) : null;
        var lastInflux = influx.ProcessId is { } i ? ProcessUsage.Read(i) : null;
        var lastInfluxPid = influx.ProcessId;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                HealthSnapshot? health = null;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    health = await gateway.HealthAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stop.IsCancellationRequested)
                {
                    // A /health that does not answer within 2 s under load is itself a finding: shown as -1.
                }

                var gatewayNow = gateway.ProcessId is { } gp ? ProcessUsage.Read(gp) : null;
                var influxPid = influx.ProcessId;
                var influxNow = influxPid is { } ip ? ProcessUsage.Read(ip) : null;
                var gatewayCpu = gatewayNow is { } gn && lastGateway is { } gl ? gn.CpuSeconds - gl.CpuSeconds : 0;
                var influxCpu = influxNow is { } inn && lastInflux is { } il && influxPid == lastInfluxPid ? inn.CpuSeconds - il.CpuSeconds : 0;
                lastGateway = gatewayNow;
                lastInflux = influxNow;
                lastInfluxPid = influxPid;

                var acks = fleet.Acked;
                var vitalsAcks = vitals.Sum(v => v.Acked);
                var point = new TimelinePoint(
                    (int)Math.Round(clock.Elapsed.TotalSeconds),
                    acks - lastAcks,
                    vitalsAcks - lastVitals,
                    fleet.Pending,
                    health?.BacklogRecords ?? -1,
                    Math.Round((health?.WalSizeBytes ?? 0) / 1048576.0, 1),
                    health?.InfluxReachable ?? false,
                    Math.Round(gatewayCpu, 2),
                    Math.Round(influxCpu, 2),
                    Math.Round((gatewayNow?.RssBytes ?? 0) / 1048576.0, 0),
                    gatewayNow?.Threads ?? 0);
                lastAcks = acks;
                lastVitals = vitalsAcks;
                timeline.Add(point);
                AnsiConsole.MarkupLine(
                    $"[grey]{point.Second,4} s  acks {point.EcgAcks,6}/s  vitals {point.VitalsAcks,5}/s  pending {point.Pending,6}  backlog {point.Backlog,7}  WAL {point.WalMiB,7:0.0} MiB  influx {(point.InfluxReachable ? "up  " : "DOWN")}  gw CPU {point.GatewayCpu:0.00} RSS {point.GatewayRssMiB:0} MiB threads {point.GatewayThreads}  influxd CPU {point.InfluxCpu:0.00}[/]");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Acknowledged versus stored: per device, InfluxDB must hold 12 chunk points per
    /// acknowledged ECG batch and 6 observation points per acknowledged vitals document.</summary>
    private static async Task<StorageCheck> CheckStoredAsync(BenchInfluxServer influx, EcgDeviceFleet fleet, List<VitalsPublisher> vitals, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var store = new InfluxV1Store(http, Options.Create(new InfluxOptions { Url = influx.Url, Database = Database, RequestTimeout = TimeSpan.FromMinutes(2) }), NullLogger<InfluxV1Store>.Instance);
        var waveform = await CountByDeviceAsync(store, "SELECT COUNT(\"n\") FROM \"waveform\" GROUP BY \"device\"", cancellationToken).ConfigureAwait(false);
        var observation = await CountByDeviceAsync(store, "SELECT COUNT(\"value\") FROM \"observation\" GROUP BY \"device\"", cancellationToken).ConfigureAwait(false);

        var shortDevices = new List<string>();
        foreach (var device in fleet.Devices)
        {
            var stored = waveform.GetValueOrDefault(device.Stream.DeviceId);
            if (stored < device.Acked * Leads)
            {
                shortDevices.Add($"{device.Stream.DeviceId}: {stored} points stored, {device.Acked * Leads} acknowledged");
            }
        }

        foreach (var device in vitals)
        {
            var stored = observation.GetValueOrDefault(device.DeviceId);
            if (stored < device.Acked * VitalsPublisher.ObservationsPerMessage)
            {
                shortDevices.Add($"{device.DeviceId}: {stored} observations stored, {device.Acked * VitalsPublisher.ObservationsPerMessage} acknowledged");
            }
        }

        var ecgAcked = fleet.Devices.Sum(d => d.Acked);
        var vitalsAcked = vitals.Sum(v => v.Acked);
        return new StorageCheck(
            ecgAcked,
            ecgAcked * Leads,
            waveform.Values.Sum(),
            vitalsAcked,
            vitalsAcked * VitalsPublisher.ObservationsPerMessage,
            observation.Values.Sum(),
            shortDevices.Count,
            [.. shortDevices.Take(10)]);
    }

    private static async Task<Dictionary<string, long>> CountByDeviceAsync(ITimeSeriesStore store, string query, CancellationToken cancellationToken)
    {
        var series = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return series.ToDictionary(s => s.Tags.GetValueOrDefault("device", string.Empty), s => s.Rows.Count == 0 ? 0 : s.Rows[0].GetInt64(s.IndexOf("count")));
    }
}
