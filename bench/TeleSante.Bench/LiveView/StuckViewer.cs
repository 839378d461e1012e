using System.Net.WebSockets;
using System.Text;

namespace TeleSante.Bench.LiveView;

/// <summary>
/// A practitioner's viewer that joins a session over SignalR's JSON protocol on a raw WebSocket and then
/// stops reading its socket, as a tab on a stalled network does (the .NET SignalR client would keep reading
/// into an unbounded queue). It keeps sending pings so the gateway does not time it out.
/// </summary>
internal sealed class StuckViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pings = Task.CompletedTask;

    public static async Task<StuckViewer> JoinAndStallAsync(int httpPort, string token, string sessionId, CancellationToken cancellationToken)
    {
        var viewer = new StuckViewer();
        viewer._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        // SignalR allows skipping negotiation when the client uses WebSockets only.
        await viewer._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/hubs/live"), cancellationToken).ConfigureAwait(false);
        await viewer.SendAsync("""{"protocol":"json","version":1}""", cancellationToken).ConfigureAwait(false);
        await viewer.ReadUntilAsync("{}", cancellationToken).ConfigureAwait(false);
        await viewer.SendAsync($$"""{"type":1,"invocationId":"1","target":"Join","arguments":["{{sessionId}}"]}""", cancellationToken).ConfigureAwait(false);
        await viewer.ReadUntilAsync("\"type\":3", cancellationToken).ConfigureAwait(false);
        viewer._pings = viewer.PingAsync(viewer._stop.Token);
        return viewer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pings.ConfigureAwait(false);
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
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                await SendAsync("""{"type":6}""", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task SendAsync(string message, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads until a message containing <paramref name="marker"/> (the handshake answer, the join's completion).</summary>
    private async Task ReadUntilAsync(string marker, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the gateway closed the connection: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (text.ToString().Split(RecordSeparator).Any(m => m.Contains(marker, StringComparison.Ordinal)))
            {
                return;
            }
        }
    }
}
