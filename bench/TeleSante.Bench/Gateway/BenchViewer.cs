using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// One practitioner's live viewer during the gateway bench: joins a session on <c>/hubs/live</c> with SignalR's
/// JSON protocol on a raw WebSocket (as <see cref="LiveView.StuckViewer"/> does, negotiation skipped) and reads
/// every frame as soon as it arrives. Per live frame it keeps the device→viewer latency: the wall time the
/// frame's last byte was received minus the time of its last sample (see <see cref="EndOfSamplesNs"/>).
/// One receive loop per viewer owns the counters; the lists are read only after <see cref="StopAsync"/>.
/// </summary>
internal sealed class BenchViewer : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const string JoinInvocationId = "1";
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(long BatchSeq, long LatencyNs)> _live = [];
    private Task _receive = Task.CompletedTask;
    private Task _pings = Task.CompletedTask;
    private bool _handshakeDone;
    private long _lastBatchSeq;
    private long _lastFrameSeq;
    private long _stopping;

    private BenchViewer(string sessionId) => SessionId = sessionId;

    public string SessionId { get; }

    /// <summary>Frames of the late-join history (source "history"): not live, left out of the latency.</summary>
    public int HistoryFrames { get; private set; }

    /// <summary>Live frames carrying a <c>gap</c> (frames dropped for this viewer just before).</summary>
    public int GapsAnnounced { get; private set; }

    /// <summary>Frames the gateway said it dropped for this viewer (sum of the gaps' droppedFrames).</summary>
    public long FramesDroppedAnnounced { get; private set; }

    /// <summary>Live frames whose seq skipped ahead without a gap announcing it: must stay 0.</summary>
    public int UnannouncedHoles { get; private set; }

    /// <summary>The connection ended (closed by the gateway, a SignalR close message, a socket error) before the
    /// bench stopped it. The viewer does not reconnect: what it then misses shows as frames not received.</summary>
    public bool Disconnected { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Highest device batch seq received live so far (read while the loop runs).</summary>
    public long LastBatchSeq => Interlocked.Read(ref _lastBatchSeq);

    /// <summary>(device batch seq, device→viewer latency in ns) of every live frame with waveforms.</summary>
    public IReadOnlyList<(long BatchSeq, long LatencyNs)> LiveFrames => _live;

    public static async Task<BenchViewer> JoinAsync(int httpPort, string token, string sessionId, CancellationToken cancellationToken)
    {
        var viewer = new BenchViewer(sessionId);
        try
        {
            viewer._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await viewer._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/hubs/live"), cancellationToken).ConfigureAwait(false);
            await viewer.SendAsync("""{"protocol":"json","version":1}""", cancellationToken).ConfigureAwait(false);
            viewer._receive = Task.Run(() => viewer.ReceiveAsync(viewer._stop.Token), CancellationToken.None);
            await viewer._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await viewer.SendAsync($$"""{"type":1,"invocationId":"{{JoinInvocationId}}","target":"Join","arguments":["{{sessionId}}"]}""", cancellationToken).ConfigureAwait(false);
            await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            viewer._pings = viewer.PingAsync(viewer._stop.Token);
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The time just after a frame's last sample, in ns since the epoch on the device's clock: the latest
    /// chunk end (StartTimeNs + SampleCount / SampleRateHz) over its waveforms; null for a frame without any.
    /// The simulated devices hand a chunk to the sender as soon as that time is reached.</summary>
    public static long? EndOfSamplesNs(JsonElement frame)
    {
        long? end = null;
        if (frame.TryGetProperty("waveforms", out var waveforms) && waveforms.ValueKind == JsonValueKind.Array)
        {
            foreach (var chunk in waveforms.EnumerateArray())
            {
                var rate = chunk.GetProperty("sampleRateHz").GetDouble();
                if (rate <= 0)
                {
                    continue;
                }

                var chunkEnd = chunk.GetProperty("startTimeNs").GetInt64() + (long)Math.Round(chunk.GetProperty("sampleCount").GetInt32() * 1e9 / rate);
                end = end is { } e ? Math.Max(e, chunkEnd) : chunkEnd;
            }
        }

        return end;
    }

    /// <summary>Stops reading; afterwards the counters and <see cref="LiveFrames"/> no longer change.</summary>
    public async Task StopAsync()
    {
        Interlocked.Exchange(ref _stopping, 1);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pings.ConfigureAwait(false);
        _socket.Abort();
        await _receive.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

    private static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var pending = new ArrayBufferWriter<byte>(256 * 1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnEnded($"the gateway closed the connection: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                    return;
                }

                // One receive time for every record this read completes: the moment its last byte arrived.
                var receivedNs = NowNs();
                pending.Write(buffer.AsSpan(0, result.Count));
                var start = 0;
                int length;
                while ((length = pending.WrittenSpan[start..].IndexOf(RecordSeparator)) >= 0)
                {
                    if (OnRecord(pending.WrittenMemory.Slice(start, length), receivedNs) is { } ended)
                    {
                        OnEnded(ended);
                        return;
                    }

                    start += length + 1;
                }

                if (start > 0)
                {
                    var rest = pending.WrittenSpan[start..].ToArray();
                    pending.Clear();
                    pending.Write(rest);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            OnEnded(ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // A message the bench cannot read is a finding, not something to skip.
            OnEnded("unreadable message: " + ex.Message);
        }
    }

    private void OnEnded(string reason)
    {
        if (Interlocked.Read(ref _stopping) == 0)
        {
            Disconnected = true;
            Error ??= reason;
        }

        _handshake.TrySetException(new InvalidOperationException($"{SessionId}: {reason}"));
        _joined.TrySetException(new InvalidOperationException($"{SessionId}: {reason}"));
    }

    /// <summary>Handles one SignalR message; returns why the connection ended when it did (a refused handshake,
    /// a close message), else null.</summary>
    private string? OnRecord(ReadOnlyMemory<byte> record, long receivedNs)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        if (!_handshakeDone)
        {
            // The handshake answer: {} or {"error":"..."}.
            _handshakeDone = true;
            if (root.TryGetProperty("error", out var refused))
            {
                return "handshake refused: " + refused.GetString();
            }

            _handshake.TrySetResult();
            return null;
        }

        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.GetProperty("target").GetString() == "Frame":
                OnFrame(root.GetProperty("arguments")[0], receivedNs);
                break;
            case 1 when root.GetProperty("target").GetString() == "Revoked":
                Error ??= "access revoked: " + root.GetProperty("arguments")[0].GetRawText();
                break;
            case 3 when root.TryGetProperty("invocationId", out var id) && id.GetString() == JoinInvocationId:
                if (root.TryGetProperty("error", out var error))
                {
                    _joined.TrySetException(new InvalidOperationException($"{SessionId}: join refused: {error.GetString()}"));
                }
                else
                {
                    _joined.TrySetResult();
                }

                break;
            case 7:
                return "closed by the gateway: " + (root.TryGetProperty("error", out var reason) ? reason.GetString() : "no reason");
            default:
                // Pings (6), analysis and alert pushes: not what this bench measures.
                break;
        }

        return null;
    }

    private void OnFrame(JsonElement frame, long receivedNs)
    {
        if (frame.GetProperty("source").GetString() != "live")
        {
            HistoryFrames++;
            return;
        }

        var seq = frame.GetProperty("seq").GetInt64();
        var announced = frame.TryGetProperty("gap", out var gap) && gap.ValueKind == JsonValueKind.Object;
        if (announced)
        {
            GapsAnnounced++;
            FramesDroppedAnnounced += gap.GetProperty("droppedFrames").GetInt32();
        }
        else if (_lastFrameSeq > 0 && seq > _lastFrameSeq + 1)
        {
            UnannouncedHoles++;
        }

        _lastFrameSeq = Math.Max(_lastFrameSeq, seq);
        if (EndOfSamplesNs(frame) is { } end)
        {
            var batchSeq = (long)frame.GetProperty("batchSeq").GetUInt64();
            _live.Add((batchSeq, receivedNs - end));
            if (batchSeq > Interlocked.Read(ref _lastBatchSeq))
            {
                Interlocked.Exchange(ref _lastBatchSeq, batchSeq);
            }
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Within the hub's client timeout (30 s by default), as the browser client does.
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                await SendAsync("""{"type":6}""", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop reports a broken connection.
        }
    }

    private Task SendAsync(string message, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + (char)RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
