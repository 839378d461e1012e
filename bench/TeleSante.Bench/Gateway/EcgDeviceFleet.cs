using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Net.Client;
using TeleSante.Bench.Storage;
using TeleSante.Contracts.V1;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// N simulated 12-lead recorders over a few gRPC channels. Each device is one long-lived HTTP/2
/// stream; Kestrel allows 100 concurrent streams per connection by default, so each channel may open
/// more connections (EnableMultipleHttp2Connections) as real devices, each with its own connection,
/// would need anyway. Devices start evenly spread over one chunk period, as unsynchronised devices do.
/// </summary>
public sealed class EcgDeviceFleet : IAsyncDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly List<SimulatedEcgDevice> _devices = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly ConcurrentDictionary<string, long> _rejections = new();
    private long _sent;
    private long _acked;
    private long _duplicates;
    private long _maxLagTicks;
    private long _lateSends;
    private long _disposeErrors;

    public EcgDeviceFleet(Uri gateway, int channels, LatencyRecorder latency)
    {
        Latency = latency;
        _channels = [.. Enumerable.Range(0, channels).Select(_ => GrpcChannel.ForAddress(gateway, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        }))];
    }

    public LatencyRecorder Latency { get; }

    /// <summary>Wall-clock time (ns since epoch) of the first device's first sample.</summary>
    public long StartTimeNs { get; private set; }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Acknowledgements received, duplicates included (a resend of a stored batch).</summary>
    public long Acked => Interlocked.Read(ref _acked);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => _rejections.Values.Sum();

    public IReadOnlyDictionary<string, long> Rejections => _rejections;

    public long Reconnects => _devices.Sum(d => d.Reconnects);

    public int Pending => _devices.Sum(d => d.Pending);

    /// <summary>Sends handed to the sender more than one chunk period after the chunk was complete.</summary>
    public long LateSends => Interlocked.Read(ref _lateSends);

    public double MaxLagMs => Interlocked.Read(ref _maxLagTicks) * 1000.0 / Stopwatch.Frequency;

    public IReadOnlyList<SimulatedEcgDevice> Devices => _devices;

    /// <summary>Senders whose dispose threw (see <see cref="SimulatedEcgDevice.DisposeAsync"/>).</summary>
    public long DisposeErrors => Interlocked.Read(ref _disposeErrors);

    public IEnumerable<string> LastErrors => _devices.Select(d => d.LastError).OfType<string>().Distinct().Take(5);

    public void Start(int devices, EcgSignalPool pool)
    {
        StartTimeNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var startTimestamp = Stopwatch.GetTimestamp();
        var chunkNs = (long)(pool.ChunkDuration.TotalSeconds * 1e9);
        for (var i = 0; i < devices; i++)
        {
            var stream = SimulatedStream.Create("ecg", i, StartTimeNs + (i * chunkNs / devices), pool.Signals);
            var device = new SimulatedEcgDevice(this, _channels[i % _channels.Length], stream);
            _devices.Add(device);
            _loops.Add(Task.Run(() => device.RunAsync(pool, startTimestamp, _stop.Token, _abandon.Token)));
        }
    }

    /// <summary>Stops producing chunks, then waits for the answers to everything already sent.</summary>
    public async Task StopAndDrainAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _abandon.CancelAfter(timeout);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await Task.WhenAll(_devices.Select(d => d.DrainAsync(deadline.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Reported as Pending > 0.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_devices.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _stop.Dispose();
        _abandon.Dispose();
    }

    internal void OnSent(long lagTicks)
    {
        Interlocked.Increment(ref _sent);
        if (lagTicks > Stopwatch.Frequency / 2)
        {
            Interlocked.Increment(ref _lateSends);
        }

        long current;
        while (lagTicks > (current = Interlocked.Read(ref _maxLagTicks)) && Interlocked.CompareExchange(ref _maxLagTicks, lagTicks, current) != current)
        {
        }
    }

    internal void OnDisposeError() => Interlocked.Increment(ref _disposeErrors);

    internal void OnAcked(long latencyTicks, bool duplicate)
    {
        Interlocked.Increment(ref _acked);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }

        Latency.Record(latencyTicks);
    }

    internal void OnRejected(Rejection rejection) =>
        _rejections.AddOrUpdate($"{rejection.Reason}{(rejection.Retryable ? " (retryable)" : string.Empty)}", 1, static (_, n) => n + 1);
}
