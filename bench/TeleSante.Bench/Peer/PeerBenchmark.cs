using System.Globalization;
using Spectre.Console;
using TeleSante.Bench.Gateway;
using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Peer;

/// <summary>
/// The gateway and the assembled peer (mosquitto + Node-RED + node-red-contrib-influxdb) side by side:
/// at each device count a fresh influxd, the gateway's run and then the peer's against it, each into its
/// own database. With several counts it is a ramp: a side stops climbing after a step with acknowledged
/// data lost, a refusal or failure, a steady p99 above the limit, or fewer than 95 % of the messages the
/// devices send acknowledged.
/// </summary>
public sealed class PeerBenchmark(PeerSettings settings)
{
    private const double KeptUpShare = 0.95;

    public async Task<PeerReport> RunAsync(CancellationToken cancellationToken)
    {
        var installation = settings.RunsPeer ? PeerInstallation.Find() : null;
        MachineDescription? machine = null;
        var runs = new List<SideResult>();
        var stops = new List<string>();
        var climbing = new Dictionary<string, bool> { ["gateway"] = settings.RunsGateway, ["peer"] = settings.RunsPeer };
        var maxClean = new Dictionary<string, int?> { ["gateway"] = null, ["peer"] = null };
        foreach (var devices in settings.Steps)
        {
            if (!climbing.Values.Any(c => c))
            {
                break;
            }

            await using var influx = await BenchInfluxServer.StartAsync(cancellationToken).ConfigureAwait(false);
            machine ??= MachineDescription.Capture(await influx.VersionAsync(cancellationToken).ConfigureAwait(false));
            foreach (var sideName in new[] { "gateway", "peer" }.Where(s => climbing[s]))
            {
                var database = $"{sideName}_n{devices}";
                AnsiConsole.Write(new Rule($"{sideName}: {devices} vitals devices, one document each per {settings.Interval:0.#} s, {settings.Duration} s{(settings.InfluxOutage > 0 ? $", influxd stopped for {settings.InfluxOutage} s" : string.Empty)}"));
                await using ISideUnderTest side = sideName == "gateway"
                    ? await GatewaySide.StartAsync(settings.GatewayDll, influx, database, cancellationToken).ConfigureAwait(false)
                    : await PeerSide.StartAsync(installation!, influx, database, settings.FlowStyle, settings.BatchPoints, settings.FlushMilliseconds, cancellationToken).ConfigureAwait(false);
                var result = await SideRun.RunAsync(side, influx, database, devices, settings, cancellationToken).ConfigureAwait(false);
                runs.Add(result);
                foreach (var line in Findings(result))
                {
                    AnsiConsole.MarkupLine(Markup.Escape(line));
                }

                if (Failure(result) is { } why)
                {
                    climbing[sideName] = false;
                    stops.Add($"{sideName} stopped at {devices:#,0} devices: {why}");
                    AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(stops[^1])}[/]");
                }
                else
                {
                    maxClean[sideName] = devices;
                }
            }
        }

        return new PeerReport(machine!, settings, runs, maxClean, stops);
    }

    /// <summary>Why a step counts as the side's limit, or null when it carried the load.</summary>
    public string? Failure(SideResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        var reasons = new List<string>();
        if (r.AckedButLostMessages > 0)
        {
            reasons.Add(string.Create(ci, $"{r.AckedButLostMessages:#,0} acknowledged messages lost"));
        }

        if (r.Refused + r.Failed > 0)
        {
            reasons.Add(string.Create(ci, $"{r.Refused:#,0} refused, {r.Failed:#,0} failed"));
        }

        if (r.Steady.P99Ms > settings.P99LimitMs)
        {
            reasons.Add(string.Create(ci, $"steady PUBACK p99 {r.Steady.P99Ms:#,0} ms > {settings.P99LimitMs:#,0} ms"));
        }

        if (r.AckedPerSecond < KeptUpShare * r.ExpectedPerSecond)
        {
            reasons.Add(string.Create(ci, $"{r.AckedPerSecond:#,0} of {r.ExpectedPerSecond:#,0} msg/s acknowledged"));
        }

        if (r.DrainSeconds is null)
        {
            reasons.Add("not drained within the timeout");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    public static IEnumerable<string> Findings(SideResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        yield return string.Create(ci, $"{r.Side}, {r.Devices:#,0} devices: {r.Acked:#,0} acked, {r.Refused:#,0} refused, {r.Failed:#,0} failed; all connected after {r.ConnectSeconds:0.0} s; steady window {r.SteadyFrom:0.0}–{r.SteadyTo:0.0} s: {r.AckedPerSecond:#,0} msg/s ({r.ExpectedPerSecond:#,0} sent), PUBACK p50 {r.Steady.P50Ms:0.0} ms p99 {r.Steady.P99Ms:0.0} ms (whole run p99 {r.All.P99Ms:0.0} ms, max {r.All.MaxMs:0} ms).");
        yield return string.Create(ci, $"{r.Side} CPU per message (steady): {r.CpuMsPerMessage:0.000} ms ({string.Join(", ", r.ProcessCpuMsPerMessage.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value:0.000}")))}), {r.SideCpuCores:0.00} cores; influxd {r.InfluxCpuMsPerMessage:0.000} ms; max RSS {r.MaxRssMiB:#,0} MiB ({string.Join(", ", r.ProcessMaxRssMiB.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value:#,0}")))}); other processes {r.OtherBusyCores:0.00} cores, CPU pressure {r.CpuPressurePercent:0} %, load average {r.LoadAverageAtStart:0.0} at start.");
        if (r.HealthProbesMs.Count > 0)
        {
            var sorted = r.HealthProbesMs.Order().ToList();
            yield return string.Create(ci, $"{r.Side} GET /health during the load: {sorted.Count} probes (one a second), median {sorted[sorted.Count / 2]:0.0} ms, max {sorted[^1]:0.0} ms, {r.HealthOver100Ms} over 100 ms, {sorted.Count(ms => ms >= 2000)} unanswered within 2 s.");
        }

        if (r.OutageStoppedAt is { } stopped)
        {
            yield return string.Create(ci, $"influxd stopped at {stopped:0.0} s, answering again at {r.OutageRestartedAt:0.0} s.");
        }

        yield return string.Create(ci, $"Stored: {r.ObservationsStored:#,0} of {r.ObservationsExpected:#,0} acknowledged observations; acknowledged but lost: {r.AckedButLostMessages:#,0} messages ({r.AckedButLostObservations:#,0} observations, {r.LostPercent:0.0} %) on {r.DevicesShort:#,0} devices; drain {(r.DrainSeconds is { } d ? d.ToString("0.0", ci) + " s" : "NOT within the timeout")}.{(r.BrokerDropped is { } dropped ? $" mosquitto's $SYS dropped-messages counter: {dropped:#,0}." : string.Empty)} {string.Join("; ", r.ShortExamples)}");
        yield return $"{r.Side} stored {r.StoredSchema}";
        if (r.Warnings + r.Errors > 0)
        {
            yield return $"{r.Side} logged {r.Warnings} warnings and {r.Errors} errors; first: {string.Join(" | ", r.Problems.Take(4))}";
        }

        if (r.ClientErrors.Count > 0)
        {
            yield return "Client-side errors: " + string.Join(" | ", r.ClientErrors);
        }
    }

    public static ResultTable Table(PeerReport report)
    {
        var table = new ResultTable(
            "Vitals over MQTT (JSON, QoS 1), per side: steady window after every device connected",
            "side", "devices", "msg/s acked (sent)", "CPU per msg", "split", "influxd per msg", "PUBACK p50 / p99", "p99 with connect", "max RSS", "acked but lost", "refused / failed", "drain s", "/health max (> 100 ms)", "other CPU", "CPU pressure", "warn / err");
        foreach (var r in report.Runs)
        {
            table.Add(
                r.Side,
                Format.Int(r.Devices),
                $"{Format.Int(r.AckedPerSecond)} ({Format.Int(r.ExpectedPerSecond)})",
                Format.Fixed(r.CpuMsPerMessage, 3) + " ms",
                string.Join(" + ", r.ProcessCpuMsPerMessage.Select(kv => $"{kv.Key} {Format.Fixed(kv.Value, 3)}")),
                Format.Fixed(r.InfluxCpuMsPerMessage, 3) + " ms",
                $"{Format.Fixed(r.Steady.P50Ms, 1)} / {Format.Fixed(r.Steady.P99Ms, 1)} ms",
                Format.Fixed(r.All.P99Ms, 1) + " ms",
                Format.Int(r.MaxRssMiB) + " MiB",
                $"{Format.Int(r.AckedButLostMessages)} ({Format.Fixed(r.LostPercent, 1)} %)",
                $"{Format.Int(r.Refused)} / {Format.Int(r.Failed)}",
                r.DrainSeconds is { } d ? Format.Fixed(d, 1) : "no",
                r.HealthMaxMs is { } h ? $"{Format.Fixed(h, 0)} ms ({r.HealthOver100Ms} of {r.HealthProbesMs.Count})" : "-",
                Format.Fixed(r.OtherBusyCores, 2),
                r.CpuPressurePercent is { } p ? Format.Fixed(p, 0) + " %" : "-",
                $"{r.Warnings} / {r.Errors}");
        }

        return table;
    }

    /// <summary>gateway ÷ peer at each device count both sides ran: below 1 the gateway is cheaper or faster.</summary>
    public static ResultTable RatioTable(PeerReport report)
    {
        var table = new ResultTable(
            "Gateway / peer at the same load (below 1: the gateway uses less or answers sooner)",
            "devices", "CPU per msg", "PUBACK p50", "PUBACK p99", "p99 with connect", "max RSS", "msg/s acked", "acked but lost (gateway vs peer)");
        foreach (var group in report.Runs.GroupBy(r => r.Devices))
        {
            var gateway = group.FirstOrDefault(r => r.Side == "gateway");
            var peer = group.FirstOrDefault(r => r.Side == "peer");
            if (gateway is null || peer is null)
            {
                continue;
            }

            table.Add(
                Format.Int(group.Key),
                Ratio(gateway.CpuMsPerMessage, peer.CpuMsPerMessage),
                Ratio(gateway.Steady.P50Ms, peer.Steady.P50Ms),
                Ratio(gateway.Steady.P99Ms, peer.Steady.P99Ms),
                Ratio(gateway.All.P99Ms, peer.All.P99Ms),
                Ratio(gateway.MaxRssMiB, peer.MaxRssMiB),
                Ratio(gateway.AckedPerSecond, peer.AckedPerSecond),
                $"{Format.Int(gateway.AckedButLostMessages)} vs {Format.Int(peer.AckedButLostMessages)}");
        }

        if (report.Settings.Steps.Count > 1)
        {
            table.Add("max clean load", "-", "-", "-", "-", "-", "-", $"gateway {Clean(report, "gateway")}, peer {Clean(report, "peer")}");
        }

        return table;
    }

    /// <summary>The three ramp plots against device count: throughput, CPU per message, steady p99.</summary>
    public static IReadOnlyList<(string Suffix, string Svg)> Plots(PeerReport report)
    {
        IReadOnlyList<(string, string, IReadOnlyList<(double, double)>)> Series(Func<SideResult, double> value) =>
        [
            .. new[] { ("gateway", "#1f77b4"), ("peer", "#d62728") }
                .Select(s => (s.Item1 == "peer" ? "peer (mosquitto + Node-RED)" : "gateway", s.Item2, (IReadOnlyList<(double, double)>)[.. report.Runs.Where(r => r.Side == s.Item1).Select(r => ((double)r.Devices, value(r)))]))
                .Where(s => s.Item3.Count > 0),
        ];
        var load = $"vitals devices (one JSON document per {report.Settings.Interval:0.#} s, QoS 1)";
        return
        [
            ("throughput", SvgPlot.Render("Messages acknowledged per second (steady)", load, "msg/s", Series(r => r.AckedPerSecond))),
            ("cpu", SvgPlot.Render("Server CPU per message (steady; gateway vs mosquitto + node)", load, "ms CPU per message", Series(r => r.CpuMsPerMessage))),
            ("p99", SvgPlot.Render("PUBACK p99 (steady, after connect)", load, "ms", Series(r => r.Steady.P99Ms))),
        ];
    }

    private static string Clean(PeerReport report, string side) => report.MaxCleanDevices.GetValueOrDefault(side) is { } n ? Format.Int(n) : "none";

    private static string Ratio(double gateway, double peer) => peer > 0 ? Format.Fixed(gateway / peer, 2) + "×" : "-";
}
