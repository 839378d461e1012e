using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Spectre.Console;
using TeleSante.Bench.Storage;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// V practitioners, each assigned (through the admin API) to the session of a distinct ECG device, spread evenly
/// over the fleet, each with a <see cref="BenchViewer"/> joined once the devices stream. The steady window starts
/// a warm-up after the last join and ends with the load; the devices' last chunk seq at both ends says which
/// frames the viewers should have received.
/// </summary>
public sealed class ViewerFleet : IAsyncDisposable
{
    private const string PractitionerPrefix = "bench-viewer-";

    // dev-token is a dotnet process each: two at a time on this 2-core machine, before the load starts.
    private const int TokenParallelism = 2;
    private const int JoinParallelism = 8;
    private readonly GatewayProcessHost _gateway;
    private readonly int[] _deviceIndices;
    private readonly string[] _tokens;
    private readonly ConcurrentBag<Watch> _watches = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private double _joinSeconds;
    private long _steadyFrom;
    private double _steadySeconds;
    private bool _stopped;

    private ViewerFleet(GatewayProcessHost gateway, int[] deviceIndices, string[] tokens)
    {
        _gateway = gateway;
        _deviceIndices = deviceIndices;
        _tokens = tokens;
    }

    /// <summary>Assigns each viewer's session to its practitioner and gets the practitioner a token from the
    /// gateway's development issuer. Sessions are named as <see cref="EcgDeviceFleet.Start"/> names them.</summary>
    public static async Task<ViewerFleet> PrepareAsync(GatewayProcessHost gateway, string dll, int viewers, int devices, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(viewers, devices);
        var clock = Stopwatch.StartNew();
        var indices = Enumerable.Range(0, viewers).Select(v => (int)((long)v * devices / viewers)).ToArray();
        using var admin = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ConsultationSetup.DevTokenAsync(gateway, dll, "bench-admin", "administrator").ConfigureAwait(false));
        var tokens = new string[viewers];
        await Parallel.ForAsync(0, viewers, new ParallelOptions { MaxDegreeOfParallelism = TokenParallelism, CancellationToken = cancellationToken }, async (v, ct) =>
        {
            var practitioner = PractitionerPrefix + v.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            var session = SimulatedStream.Create("ecg", indices[v], 0, 1).SessionId;
            using var response = await admin.PostAsJsonAsync("/api/admin/assignments", new { sessionId = session, practitionerId = practitioner }, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"assigning {session} to {practitioner}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
            }

            tokens[v] = await ConsultationSetup.DevTokenAsync(gateway, dll, practitioner, "specialist").ConfigureAwait(false);
        }).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[grey]{viewers} viewer practitioners assigned a session each and given a token in {clock.Elapsed.TotalSeconds:0.0} s[/]");
        return new ViewerFleet(gateway, indices, tokens);
    }

    /// <summary>Waits for the watched devices' first chunk, joins every viewer, waits out the warm-up and opens the
    /// steady window. Returns early, with no steady window, when <paramref name="loadEnd"/> fires first.</summary>
    public async Task RunAsync(EcgDeviceFleet fleet, TimeSpan warmup, CancellationToken loadEnd)
    {
        try
        {
            var devices = _deviceIndices.Select(i => fleet.Devices[i]).ToArray();
            while (devices.Any(d => d.LastSeq == 0))
            {
                await Task.Delay(100, loadEnd).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, devices.Length, new ParallelOptions { MaxDegreeOfParallelism = JoinParallelism, CancellationToken = loadEnd }, async (v, ct) =>
            {
                try
                {
                    var viewer = await BenchViewer.JoinAsync(_gateway.HttpPort, _tokens[v], devices[v].Stream.SessionId, ct).ConfigureAwait(false);
                    _watches.Add(new Watch(viewer, devices[v]));
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
                {
                    _errors.Enqueue(ex.Message);
                }
            }).ConfigureAwait(false);
            _joinSeconds = clock.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLine($"[grey]{_watches.Count}/{devices.Length} viewers joined in {_joinSeconds:0.0} s; steady window in {warmup.TotalSeconds:0} s[/]");
            await Task.Delay(warmup, loadEnd).ConfigureAwait(false);
            foreach (var watch in _watches)
            {
                watch.FromSeq = watch.Device.LastSeq;
            }

            _steadyFrom = Stopwatch.GetTimestamp();
        }
        catch (OperationCanceledException) when (loadEnd.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]viewers: the load ended before their steady window began (lengthen --duration or shorten --viewer-warmup)[/]");
        }
    }

    /// <summary>Closes the steady window: called when the load stops, after <see cref="RunAsync"/> returned.</summary>
    public void MarkEnd()
    {
        if (_steadyFrom == 0)
        {
            return;
        }

        _steadySeconds = Stopwatch.GetElapsedTime(_steadyFrom).TotalSeconds;
        foreach (var watch in _watches)
        {
            watch.ToSeq = watch.Device.LastSeq;
        }
    }

    /// <summary>Waits until every connected viewer received the frame of its device's last chunk in the window
    /// (or <paramref name="timeout"/>: a frame that never comes is counted as not received).</summary>
    public async Task WaitForLastFramesAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && _watches.Any(w => !w.Viewer.Disconnected && w.Viewer.LastBatchSeq < w.ToSeq))
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async Task<ViewerSummary> StopAsync()
    {
        await StopViewersAsync().ConfigureAwait(false);
        var latencies = new List<long>();
        long expected = 0;
        foreach (var watch in _watches.Where(_ => _steadyFrom != 0))
        {
            expected += watch.ToSeq - watch.FromSeq;
            var seen = new HashSet<long>();
            foreach (var (batchSeq, latencyNs) in watch.Viewer.LiveFrames)
            {
                if (batchSeq > watch.FromSeq && batchSeq <= watch.ToSeq && seen.Add(batchSeq))
                {
                    latencies.Add(latencyNs);
                }
            }
        }

        var recorder = new LatencyRecorder(Math.Max(1, latencies.Count));
        foreach (var ns in latencies)
        {
            recorder.Record((long)(ns * (Stopwatch.Frequency / 1e9)));
        }

        var viewers = _watches.Select(w => w.Viewer).ToList();
        return new ViewerSummary(
            _deviceIndices.Length,
            viewers.Count,
            Math.Round(_joinSeconds, 1),
            Math.Round(_steadySeconds, 1),
            expected,
            latencies.Count,
            viewers.Sum(v => (long)v.HistoryFrames),
            viewers.Sum(v => (long)v.GapsAnnounced),
            viewers.Sum(v => v.FramesDroppedAnnounced),
            viewers.Sum(v => (long)v.UnannouncedHoles),
            viewers.Count(v => v.Disconnected),
            recorder.Summarize(),
            [.. _errors.Concat(viewers.Select(v => v.Error).OfType<string>()).Distinct().Take(5)]);
    }

    public async ValueTask DisposeAsync()
    {
        await StopViewersAsync().ConfigureAwait(false);
        foreach (var watch in _watches)
        {
            await watch.Viewer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StopViewersAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Task.WhenAll(_watches.Select(w => w.Viewer.StopAsync())).ConfigureAwait(false);
    }

    private sealed class Watch(BenchViewer viewer, SimulatedEcgDevice device)
    {
        public BenchViewer Viewer { get; } = viewer;

        public SimulatedEcgDevice Device { get; } = device;

        /// <summary>Device chunk seq when the steady window opened: frames after it count.</summary>
        public long FromSeq { get; set; }

        /// <summary>Device chunk seq when the load stopped: frames up to it count.</summary>
        public long ToSeq { get; set; }
    }
}
