using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using TeleSante.Bench.Gateway;
using TeleSante.Bench.Infrastructure;
using TeleSante.Storage.Influx;

namespace TeleSante.Bench.Peer;

/// <summary>
/// One side at one device count: N <see cref="VitalsPublisher"/>s (the gateway command's load generator:
/// MQTT 5, QoS 1, one 6-observation JSON document per device per interval) against the side's broker for
/// the load time, optionally with influxd stopped in the middle; then the drain and the
/// acknowledged-versus-stored check against the side's own database.
/// </summary>
public static class SideRun
{
    /// <summary>How long the stored count must stay still, with the side idle, before the drain is over.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(5);

    public static async Task<SideResult> RunAsync(ISideUnderTest side, BenchInfluxServer influx, string database, int devices, PeerSettings settings, CancellationToken cancellationToken)
    {
        var loadAverage = MachineDescription.LoadAverage();
        var interval = TimeSpan.FromSeconds(settings.Interval);
        var latency = new LatencyRecorder(Math.Max(1024, (int)(2 * devices * (settings.Duration + 30) / settings.Interval)));
        var publishers = Enumerable.Range(0, devices).Select(i => new VitalsPublisher("127.0.0.1", side.MqttPort, i, latency)).ToList();
        var names = side.Processes.Select(p => p.Name).ToList();
        await using var monitor = new ResourceMonitor([.. side.Processes, ("influxd", () => influx.ProcessId), ("bench", () => Environment.ProcessId)]);

        var clock = Stopwatch.StartNew();
        var loadStarted = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var tasks = publishers.Select((p, i) => Task.Run(() => p.RunAsync(interval, TimeSpan.FromSeconds(settings.Interval * i / Math.Max(1, devices)), stop.Token), cancellationToken)).ToList();

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

        // A readiness probe a second, as an orchestrator would send, for as long as the load runs.
        var healthProbes = new List<double>();
        var healthTask = Task.Run(async () =>
        {
            using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await every.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                if (await side.ProbeHealthAsync(TimeSpan.FromSeconds(2), stop.Token).ConfigureAwait(false) is { } ms)
                {
                    lock (healthProbes)
                    {
                        healthProbes.Add(ms);
                    }
                }
            }
        }, cancellationToken);

        // The steady window opens once every device has connected and published once (one interval later).
        double? connectedAt = null;
        double? steadyFrom = null;
        long steadyFromTimestamp = 0;
        var cpuAtSteady = new Dictionary<string, double>();
        long lastAcked = 0;
        var lastSideCpu = 0.0;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var nextPrint = 1.0;
        while (clock.Elapsed.TotalSeconds < settings.Duration && await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = clock.Elapsed.TotalSeconds;
            if (connectedAt is null && publishers.All(p => p.ConnectDone))
            {
                connectedAt = now;
            }

            if (steadyFrom is null && connectedAt is { } c && now >= c + settings.Interval)
            {
                steadyFrom = now;
                steadyFromTimestamp = Stopwatch.GetTimestamp();
                foreach (var name in names.Append("influxd"))
                {
                    cpuAtSteady[name] = monitor.CpuSecondsNow(name);
                }
            }

            if (now >= nextPrint)
            {
                nextPrint += 1;
                var acked = publishers.Sum(p => p.Acked);
                var sideCpu = names.Sum(monitor.CpuSeconds);
                AnsiConsole.MarkupLine($"[grey]{side.Name} {now,5:0} s  connected {publishers.Count(p => p.Connected),6}/{devices}  acks {acked - lastAcked,6}/s  refused {publishers.Sum(p => p.Refused)}  failed {publishers.Sum(p => p.Failed)}  {side.Name} CPU {sideCpu - lastSideCpu:0.00}{(steadyFrom is null ? "  (connect phase)" : string.Empty)}[/]");
                lastAcked = acked;
                lastSideCpu = sideCpu;
            }
        }

        var loadSeconds = clock.Elapsed.TotalSeconds;
        var steadyToTimestamp = Stopwatch.GetTimestamp();
        var cpuAtEnd = names.Append("influxd").ToDictionary(n => n, monitor.CpuSecondsNow);
        var resources = monitor.Summarize();
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await healthTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await outageTask.ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var steady = steadyFrom is null ? latency.Summarize(0, 0) : latency.Summarize(steadyFromTimestamp, steadyToTimestamp);
        var steadySeconds = steadyFrom is { } sf ? loadSeconds - sf : 0;
        if (steadyFrom is null)
        {
            AnsiConsole.MarkupLine($"[red]{side.Name}: the devices were still connecting when the load ended: no steady window (lengthen --duration)[/]");
        }

        double CpuIn(string name) => steadyFrom is null ? 0 : cpuAtEnd[name] - cpuAtSteady[name];
        var perMessage = Math.Max(1, steady.Count);
        var sideCpuSeconds = names.Sum(CpuIn);

        // Drain: what was acknowledged must reach InfluxDB. Done when all of it is there, or when the side says
        // it holds nothing more and the stored count has stopped moving (the peer keeps no backlog to ask).
        var expected = publishers.Sum(p => p.Acked) * VitalsPublisher.ObservationsPerMessage;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var store = new InfluxV1Store(http, Options.Create(new InfluxOptions { Url = influx.Url, Database = database, RequestTimeout = TimeSpan.FromMinutes(2) }), NullLogger<InfluxV1Store>.Instance);
        var drain = Stopwatch.StartNew();
        double? drainSeconds = null;
        Dictionary<string, long> stored = [];
        long lastTotal = -1;
        var stillSince = TimeSpan.Zero;
        while (drain.Elapsed < settings.DrainTimeout)
        {
            stored = await CountByDeviceAsync(store, cancellationToken).ConfigureAwait(false);
            var total = stored.Values.Sum();
            if (total != lastTotal)
            {
                lastTotal = total;
                stillSince = drain.Elapsed;
            }

            if (total >= expected || (drain.Elapsed - stillSince >= Settled && await side.IsIdleAsync(cancellationToken).ConfigureAwait(false)))
            {
                drainSeconds = total >= expected ? drain.Elapsed.TotalSeconds : (stillSince.TotalSeconds);
                break;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        var shortExamples = new List<string>();
        long lostObservations = 0, lostMessages = 0;
        var devicesShort = 0;
        foreach (var p in publishers)
        {
            var want = p.Acked * VitalsPublisher.ObservationsPerMessage;
            var have = stored.GetValueOrDefault(p.DeviceId);
            if (have < want)
            {
                devicesShort++;
                lostObservations += want - have;
                lostMessages += (want - have + VitalsPublisher.ObservationsPerMessage - 1) / VitalsPublisher.ObservationsPerMessage;
                if (shortExamples.Count < 5)
                {
                    shortExamples.Add($"{p.DeviceId}: {have} observations stored, {want} acknowledged");
                }
            }
        }

        var schema = await StoredSchemaAsync(store, cancellationToken).ConfigureAwait(false);
        var dropped = await side.BrokerDroppedAsync(cancellationToken).ConfigureAwait(false);
        var processes = resources.Processes.ToDictionary(p => p.Name);
        return new SideResult(
            side.Name,
            devices,
            settings.Interval,
            loadSeconds,
            connectedAt ?? loadSeconds,
            steadyFrom ?? loadSeconds,
            loadSeconds,
            publishers.Sum(p => p.Acked),
            publishers.Sum(p => p.Refused),
            publishers.Sum(p => p.Failed),
            steadySeconds > 0 ? steady.Count / steadySeconds : 0,
            devices / settings.Interval,
            sideCpuSeconds * 1000 / perMessage,
            names.ToDictionary(n => n, n => CpuIn(n) * 1000 / perMessage),
            CpuIn("influxd") * 1000 / perMessage,
            steadySeconds > 0 ? sideCpuSeconds / steadySeconds : 0,
            resources.OtherBusyCores,
            resources.CpuPressurePercent,
            loadAverage,
            steady,
            latency.Summarize(),
            names.Sum(n => processes[n].MaxRssMiB),
            names.ToDictionary(n => n, n => Math.Round(processes[n].MaxRssMiB, 1)),
            expected,
            stored.Values.Sum(),
            lostObservations,
            lostMessages,
            devicesShort,
            shortExamples,
            drainSeconds,
            outage?.Stopped,
            outage?.Restarted,
            schema,
            dropped,
            side.Warnings,
            side.Errors,
            side.Problems,
            [.. publishers.Select(p => p.LastRefusal).OfType<string>().Distinct().Take(5)],
            [.. healthProbes]);
    }

    /// <summary>What the side stored, so a reader can check both sides wrote the same content: the tag keys,
    /// the field keys with their types, and one systolic pressure point of the first device.</summary>
    private static async Task<string> StoredSchemaAsync(ITimeSeriesStore store, CancellationToken cancellationToken)
    {
        var tags = (await store.QueryAsync("SHOW TAG KEYS FROM \"observation\"", cancellationToken).ConfigureAwait(false))
            .SelectMany(s => s.Rows.Select(r => r.GetString(0)));
        var fields = (await store.QueryAsync("SHOW FIELD KEYS FROM \"observation\"", cancellationToken).ConfigureAwait(false))
            .SelectMany(s => s.Rows.Select(r => $"{r.GetString(0)} ({r.GetString(1)})"));
        var sample = (await store.QueryAsync($"SELECT * FROM \"observation\" WHERE \"device\" = '{VitalsPublisher.DeviceIdOf(0)}' AND \"mdc\" = '150021' LIMIT 1", cancellationToken).ConfigureAwait(false))
            .Select(s => string.Join(", ", s.Columns.Zip(s.Rows.Count > 0 ? s.Rows[0].Select(v => v.ToString()) : []).Select(c => $"{c.First}={c.Second}")))
            .FirstOrDefault() ?? "none";
        return $"tags {string.Join(", ", tags)}; fields {string.Join(", ", fields)}; first point: {sample}";
    }

    private static async Task<Dictionary<string, long>> CountByDeviceAsync(ITimeSeriesStore store, CancellationToken cancellationToken)
    {
        var series = await store.QueryAsync("SELECT COUNT(\"value\") FROM \"observation\" GROUP BY \"device\"", cancellationToken).ConfigureAwait(false);
        return series.ToDictionary(s => s.Tags.GetValueOrDefault("device", string.Empty), s => s.Rows.Count == 0 ? 0 : s.Rows[0].GetInt64(s.IndexOf("count")));
    }
}
