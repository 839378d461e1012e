using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TeleSante.Gateway.LiveView;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>
/// A viewer that joins a session over SignalR's JSON protocol on a raw WebSocket and then stops reading
/// its socket, as a browser tab on a stalled network or a frozen machine does. (The .NET SignalR client
/// cannot play this part: it keeps reading into an unbounded queue even while a handler is blocked.)
/// It keeps sending pings so the gateway does not time it out, and can resume reading.
/// </summary>
internal sealed class StalledViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClientWebSocket _socket = new();
    private readonly List<LiveFrame> _frames = [];
    private readonly StringBuilder _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pings = Task.CompletedTask;

    private StalledViewer()
    {
    }

    public List<LiveFrame> Frames => [.. _frames];

    /// <summary>Connects, joins <paramref name="sessionId"/>, reads the join's answer, then stops reading.</summary>
    public static async Task<StalledViewer> JoinAndStallAsync(Uri httpBase, string user, string sessionId)
    {
        var viewer = new StalledViewer();
        viewer._socket.Options.SetRequestHeader("Authorization", "Bearer " + user);
        // SignalR allows skipping negotiation when the client uses WebSockets only.
        await viewer._socket.ConnectAsync(new Uri($"ws://{httpBase.Authority}{LiveViewRegistration.HubPath}"), CancellationToken.None);
        await viewer.SendAsync("""{"protocol":"json","version":1}""");
        await viewer.ReadUntilAsync(m => m.ValueKind == JsonValueKind.Object && !m.TryGetProperty("type", out _), TimeSpan.FromSeconds(10)); // handshake answer
        await viewer.SendAsync($$"""{"type":1,"invocationId":"1","target":"Join","arguments":["{{sessionId}}"]}""");
        await viewer.ReadUntilAsync(m => m.TryGetProperty("type", out var t) && t.GetInt32() == 3 && m.GetProperty("invocationId").GetString() == "1", TimeSpan.FromSeconds(10));
        viewer._pings = viewer.PingAsync(viewer._stop.Token);
        return viewer;
    }

    /// <summary>Reads again until <paramref name="done"/> holds for the frames received so far.</summary>
    public Task ResumeUntilAsync(Func<List<LiveFrame>, bool> done, TimeSpan timeout)
        => ReadUntilAsync(_ => done(_frames), timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pings;
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                await SendAsync("""{"type":6}""");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + RecordSeparator);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    /// <summary>Reads messages (collecting Frame invocations) until one satisfies <paramref name="stop"/>.</summary>
    private async Task ReadUntilAsync(Func<JsonElement, bool> stop, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                using var document = JsonDocument.Parse(text[..end]);
                var message = document.RootElement;
                if (message.TryGetProperty("type", out var type) && type.GetInt32() == 1 && message.GetProperty("target").GetString() == nameof(ILiveViewClient.Frame))
                {
                    _frames.Add(message.GetProperty("arguments")[0].Deserialize<LiveFrame>(Json)!);
                }

                if (stop(message))
                {
                    return;
                }

                continue;
            }

            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the gateway closed the connection: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
