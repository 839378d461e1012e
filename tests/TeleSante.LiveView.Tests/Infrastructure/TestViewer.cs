using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Gateway.LiveView;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>A practitioner's viewer as a .NET SignalR client (a client nobody here wrote) over a real
/// WebSocket, JSON or MessagePack. Collects the frames it receives.</summary>
internal sealed class TestViewer : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<(LiveFrame Frame, DateTime ReceivedUtc)> _frames = [];
    private readonly Lock _gate = new();

    private TestViewer(HubConnection connection)
    {
        _connection = connection;
        _connection.On<LiveFrame>(nameof(ILiveViewClient.Frame), OnFrame);
        _connection.On<LiveRevocation>(nameof(ILiveViewClient.Revoked), r => Revocations.Enqueue(r));
        _connection.On<LiveAnalysis>(nameof(ILiveViewClient.Analysis), a => Analyses.Enqueue((a, DateTime.UtcNow)));
        _connection.Closed += _ =>
        {
            ClosedByServer.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>What the gateway sent through <see cref="ILiveViewClient.Revoked"/>.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<LiveRevocation> Revocations { get; } = new();

    /// <summary>What the gateway sent through <see cref="ILiveViewClient.Analysis"/>, with the time it arrived.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(LiveAnalysis Analysis, DateTime ReceivedUtc)> Analyses { get; } = new();

    /// <summary>Completed when the connection closes.</summary>
    public TaskCompletionSource ClosedByServer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? ConnectionId => _connection.ConnectionId;

    /// <summary>Connects as <paramref name="user"/> (anonymous when null).</summary>
    public static async Task<TestViewer> ConnectAsync(LiveGateway gateway, string? user, bool messagePack)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(gateway.HttpBase, LiveViewRegistration.HubPath), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            if (user is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(user);
            }
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var viewer = new TestViewer(builder.Build());
        await viewer._connection.StartAsync();
        return viewer;
    }

    public Task<JoinResult> JoinAsync(string sessionId) => _connection.InvokeAsync<JoinResult>("Join", sessionId);

    public Task LeaveAsync() => _connection.InvokeAsync("Leave");

    public async Task<List<LiveFrame>> ReplayAsync(string sessionId, long fromUnixMs, long toUnixMs)
    {
        var frames = new List<LiveFrame>();
        await foreach (var frame in _connection.StreamAsync<LiveFrame>("Replay", sessionId, fromUnixMs, toUnixMs))
        {
            frames.Add(frame);
        }

        return frames;
    }

    public List<LiveFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames.Select(f => f.Frame)];
            }
        }
    }

    public List<(LiveFrame Frame, DateTime ReceivedUtc)> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public async Task WaitForAsync(Func<List<LiveFrame>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Frames))
        {
            if (DateTime.UtcNow > deadline)
            {
                var frames = Frames;
                throw new TimeoutException($"timed out waiting for {what}: {frames.Count} frames, last seq {(frames.Count > 0 ? frames[^1].Seq : 0)}");
            }

            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnFrame(LiveFrame frame)
    {
        lock (_gate)
        {
            _frames.Add((frame, DateTime.UtcNow));
        }
    }
}
