using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using TeleSante.Bench.Infrastructure;
using TeleSante.Contracts.V1;
using TeleSante.Storage.Influx;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Bench.Storage;

/// <summary>
/// The waveform encoding decision measured against a real influxd: K simulated 12-lead 500 Hz
/// streams, 60 s each, written as fast as possible per sample and chunked, then disk use after
/// influxd has settled its files, then the time to read one stream's minute back.
/// Each (encoding, K) gets its own database so its files can be measured on their own.
/// </summary>
public sealed class StorageBenchmark(StorageSettings settings)
{
    private const int ChunkSamples = 250;
    private const int Leads = 12;

    /// <summary>The gateway's flush limit by size (InfluxOptions.MaxBatchBytes default).</summary>
    private const int MaxBatchBytes = 4 * 1024 * 1024;

    public async Task<StorageReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var influx = await BenchInfluxServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var machine = MachineDescription.Capture(await influx.VersionAsync(cancellationToken).ConfigureAwait(false));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(machine.ToString())}[/]");
        AnsiConsole.MarkupLine($"[grey]influxd at {influx.Url} data under {Markup.Escape(influx.Root)}[/]");

        var chunks = (int)(settings.SignalSeconds * EcgSignalPool.SampleRateHz / ChunkSamples);
        var pool = new EcgSignalPool(Math.Min(8, settings.Streams.Max()), chunks, ChunkSamples);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

        var runs = new List<StorageRunResult>();
        foreach (var streams in settings.Streams)
        {
            foreach (var encoding in new[] { StorageEncoding.PerSample, StorageEncoding.Chunked })
            {
                if (encoding == StorageEncoding.PerSample && streams > settings.MaxPerSampleStreams)
                {
                    continue;
                }

                var result = await RunOneAsync(influx, http, pool, encoding, streams, chunks, cancellationToken).ConfigureAwait(false);
                runs.Add(result);
                AnsiConsole.MarkupLine(
                    $"{encoding,-9} K={streams,4}: {Format.Int(result.PointsPerSecond)} points/s, {Format.Int(result.LeadSamplesPerSecond)} samples/s, " +
                    $"{Format.Int(result.RealTimeStreams)} real-time streams, {Format.Bytes(result.BytesPerHour)}/h, read {Format.Fixed(result.ReadMs, 1)} ms");
            }
        }

        return new StorageReport(machine, settings.SignalSeconds, settings.Writers, settings.BatchLines, settings.Gzip, runs);
    }

    public static ResultTable Table(StorageReport report)
    {
        var table = new ResultTable(
            $"Storage: {report.SignalSeconds} s of 12-lead 500 Hz ECG per stream, {report.Writers} writers, {report.BatchLines}-line batches, gzip {(report.Gzip ? "on" : "off")}",
            "encoding", "streams", "points", "wall s", "points/s", "samples/s", "real-time streams", "influxd / other CPU", "CPU pressure", "streams per influxd core", "streams per writer core", "bytes settled", "per hour of ECG", "bytes/sample", "read 60 s (ms)", "exact");
        foreach (var r in report.Runs)
        {
            var influxCpu = r.Resources.Processes.FirstOrDefault(p => p.Name == "influxd")?.CpuCores ?? 0;
            table.Add(
                r.Encoding,
                Format.Int(r.Streams),
                Format.Int(r.Points),
                Format.Fixed(r.WallSeconds, 2),
                Format.Int(r.PointsPerSecond),
                Format.Int(r.LeadSamplesPerSecond),
                Format.Int(r.RealTimeStreams),
                $"{Format.Fixed(influxCpu, 2)} / {Format.Fixed(r.Resources.OtherBusyCores, 2)}",
                r.Resources.CpuPressurePercent is { } pressure ? Format.Fixed(pressure, 0) + " %" : "-",
                Format.Int(r.StreamsPerInfluxCore),
                Format.Int(r.StreamsPerWriterCore),
                Format.Bytes(r.BytesSettled) + (r.Settled ? string.Empty : " (unsettled)"),
                Format.Bytes(r.BytesPerHour),
                Format.Fixed(r.BytesPerLeadSample, 2),
                Format.Fixed(r.ReadMs, 1),
                r.ReadVerified ? "yes" : "NO");
        }

        return table;
    }

    private async Task<StorageRunResult> RunOneAsync(BenchInfluxServer influx, HttpClient http, EcgSignalPool pool, StorageEncoding encoding, int streamCount, int chunks, CancellationToken cancellationToken)
    {
        var database = $"{encoding.ToString().ToLowerInvariant()}_k{streamCount}";
        var store = new InfluxV1Store(http, Options.Create(new InfluxOptions
        {
            Url = influx.Url,
            Database = database,
            Gzip = settings.Gzip,
            RequestTimeout = TimeSpan.FromMinutes(2),
        }), NullLogger<InfluxV1Store>.Instance);
        await store.EnsureDatabaseAsync(cancellationToken).ConfigureAwait(false);

        // A recent, whole-second start: well inside the default retention and one shard group (7 days).
        var startNs = (DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()) * 1_000_000_000L;
        var streams = Enumerable.Range(0, streamCount).Select(i => SimulatedStream.Create("ecg", i, startNs, pool.Signals)).ToArray();
        var retries = 0;
        long points = 0;

        await using var monitor = new ResourceMonitor([("influxd", () => influx.ProcessId), ("bench", () => Environment.ProcessId)]);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Writers).Select(w => Task.Run(() => WriteAsync(w), cancellationToken))).ConfigureAwait(false);
        var wall = clock.Elapsed.TotalSeconds;
        var resources = monitor.Summarize();

        var afterWrite = DatabaseBytes(influx, database);
        var (settled, settledBytes, settleSeconds) = await SettleAsync(influx, database, cancellationToken).ConfigureAwait(false);

        // influxd's whole cost of the data: ingest plus the cache snapshots and compactions, which a
        // short run mostly leaves for after the clock stops. Per stream-second it does not depend on
        // how long the run was, nor on what else the shared machine was doing.
        var influxCpuSeconds = monitor.CpuSeconds("influxd");
        var benchCpuSeconds = resources.Processes.First(p => p.Name == "bench").CpuCores * wall;
        var seriesFileBytes = DirectorySize.Bytes(Path.Combine(influx.DataDirectory, database, "_series"));
        var (readMs, verified) = await ReadBackAsync(store, pool, encoding, streams[0], chunks, cancellationToken).ConfigureAwait(false);

        var leadSamples = (long)streamCount * chunks * ChunkSamples * Leads;
        var streamSeconds = (double)streamCount * settings.SignalSeconds;
        return new StorageRunResult(
            encoding.ToString(),
            streamCount,
            points,
            leadSamples,
            wall,
            points / wall,
            leadSamples / wall,
            streamSeconds / wall,
            retries,
            afterWrite,
            settledBytes,
            settled,
            settleSeconds,
            seriesFileBytes,
            settledBytes / streamSeconds * 3600,
            (double)settledBytes / leadSamples,
            readMs,
            verified,
            influxCpuSeconds,
            streamSeconds / influxCpuSeconds,
            streamSeconds / benchCpuSeconds,
            resources);

        async Task WriteAsync(int writer)
        {
            using var lines = new LineProtocolBuilder(MaxBatchBytes + (1024 * 1024));
            var mine = streams.Where((_, i) => i % settings.Writers == writer).ToArray();

            // Chunk-major order, as live devices deliver: every device's chunk c, then chunk c + 1.
            for (var c = 0; c < chunks; c++)
            {
                foreach (var stream in mine)
                {
                    var batch = pool.Batch(stream, c, stream.StartTimeNs);
                    if (encoding == StorageEncoding.PerSample)
                    {
                        if (lines.PointCount + ChunkSamples > settings.BatchLines)
                        {
                            await FlushAsync(lines).ConfigureAwait(false);
                        }

                        PerSampleSchema.Append(lines, batch);
                    }
                    else
                    {
                        // The forwarder's rule: add whole records while under the line and byte limits.
                        ReadingSchema.Append(lines, batch);
                        if (lines.PointCount >= settings.BatchLines || lines.Length >= MaxBatchBytes)
                        {
                            await FlushAsync(lines).ConfigureAwait(false);
                        }
                    }
                }
            }

            await FlushAsync(lines).ConfigureAwait(false);
        }

        async Task FlushAsync(LineProtocolBuilder lines)
        {
            if (lines.PointCount == 0)
            {
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                var result = await store.WriteAsync(lines.Written, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    break;
                }

                if (result.Outcome == StoreOutcome.BadRequest || attempt == 20)
                {
                    throw new InvalidOperationException($"influxd refused a {encoding} batch ({result.StatusCode}): {result.Message}");
                }

                Interlocked.Increment(ref retries);
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Add(ref points, lines.PointCount);
            lines.Reset();
        }
    }

    /// <summary>
    /// The database's time-proportional files: its shards (TSM files, per-shard index) under
    /// data/DB/RP/ and its WAL under wal/DB. The series file data/DB/_series is left out: it grows with
    /// the number of series, not with time, and is preallocated (8 partitions x 4 MiB apparent size),
    /// so it would swamp short runs; it is reported on its own.
    /// </summary>
    private static long DatabaseBytes(BenchInfluxServer influx, string database) =>
        ShardDirectories(influx, database).Sum(DirectorySize.Bytes) + DirectorySize.Bytes(Path.Combine(influx.WalDirectory, database));

    private static string[] ShardDirectories(BenchInfluxServer influx, string database)
    {
        var data = Path.Combine(influx.DataDirectory, database);
        return Directory.Exists(data)
            ? [.. Directory.EnumerateDirectories(data).Where(rp => Path.GetFileName(rp) != "_series").SelectMany(Directory.EnumerateDirectories)]
            : [];
    }

    /// <summary>
    /// Waits until influxd has written the database's cache to TSM and fully compacted it: no WAL
    /// bytes left, no compaction temp files, one TSM file per shard, and the size unchanged for three
    /// consecutive seconds. What is measured then is data/DB + wal/DB, every file, as
    /// <c>du -s --apparent-size</c> would.
    /// </summary>
    private async Task<(bool Settled, long Bytes, double Seconds)> SettleAsync(BenchInfluxServer influx, string database, CancellationToken cancellationToken)
    {
        var wal = Path.Combine(influx.WalDirectory, database);
        var clock = Stopwatch.StartNew();
        long previous = -1;
        var stable = 0;
        while (clock.Elapsed < settings.SettleTimeout)
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            var bytes = DatabaseBytes(influx, database);
            var shards = ShardDirectories(influx, database);
            var quiet = DirectorySize.Bytes(wal) == 0 && shards.All(shard => DirectorySize.Count(shard, "*.tmp") == 0 && DirectorySize.Count(shard, "*.tsm") == 1);
            stable = quiet && bytes == previous ? stable + 1 : 0;
            previous = bytes;
            if (stable >= 3)
            {
                return (true, bytes, clock.Elapsed.TotalSeconds - 3);
            }
        }

        return (false, DatabaseBytes(influx, database), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Reads stream 0's whole minute, all leads, decoded to integers, the way a viewer would;
    /// a warm-up read, then the median of the timed ones. Every sample is compared with what was written.</summary>
    private async Task<(double Ms, bool Verified)> ReadBackAsync(ITimeSeriesStore store, EcgSignalPool pool, StorageEncoding encoding, SimulatedStream stream, int chunks, CancellationToken cancellationToken)
    {
        var from = stream.StartTimeNs;
        var to = from + (long)(settings.SignalSeconds * 1e9);
        var times = new List<double>();
        var verified = true;
        for (var i = 0; i <= settings.ReadRepeats; i++)
        {
            var clock = Stopwatch.StartNew();
            var leads = encoding == StorageEncoding.PerSample
                ? await ReadPerSampleAsync(store, stream, from, to, cancellationToken).ConfigureAwait(false)
                : await ReadChunkedAsync(store, stream, from, to, cancellationToken).ConfigureAwait(false);
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            verified &= Matches(leads, pool, stream, chunks);
        }

        times.Sort();
        return (times[times.Count / 2], verified);
    }

    private static async Task<int[][]> ReadPerSampleAsync(ITimeSeriesStore store, SimulatedStream stream, long from, long to, CancellationToken cancellationToken)
    {
        var fields = string.Join(",", PerSampleSchema.LeadFields.Select(InfluxQl.QuoteIdentifier));
        var query = $"SELECT {fields} FROM {InfluxQl.QuoteIdentifier(PerSampleSchema.Measurement)} WHERE \"session\" = {InfluxQl.QuoteString(stream.SessionId)} AND time >= {from} AND time < {to}";
        var series = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var rows = series.SelectMany(s => s.Rows).ToList();
        var columns = PerSampleSchema.LeadFields.Select(f => series[0].IndexOf(f)).ToArray();
        var leads = new int[Leads][];
        for (var lead = 0; lead < Leads; lead++)
        {
            leads[lead] = new int[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                leads[lead][r] = checked((int)rows[r].GetInt64(columns[lead]));
            }
        }

        return leads;
    }

    private static async Task<int[][]> ReadChunkedAsync(ITimeSeriesStore store, SimulatedStream stream, long from, long to, CancellationToken cancellationToken)
    {
        var channels = await new InfluxRecordingReader(store).ReadWaveformsAsync(stream.SessionId, from, to, cancellationToken).ConfigureAwait(false);
        var byCode = channels.ToDictionary(c => c.MdcCode);
        return [.. TeleSante.Domain.Codes.CodeCatalog.TwelveLeads.Select(mdc => byCode.TryGetValue(mdc, out var c) ? c.Segments.SelectMany(s => s.Samples).ToArray() : [])];
    }

    private static bool Matches(int[][] leads, EcgSignalPool pool, SimulatedStream stream, int chunks)
    {
        for (var lead = 0; lead < Leads; lead++)
        {
            if (leads[lead].Length != chunks * ChunkSamples)
            {
                return false;
            }

            for (var c = 0; c < chunks; c++)
            {
                var expected = pool.Samples(stream.Signal, c, lead);
                for (var i = 0; i < ChunkSamples; i++)
                {
                    if (leads[lead][(c * ChunkSamples) + i] != expected[i])
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }
}
