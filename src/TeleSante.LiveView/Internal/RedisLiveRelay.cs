using System.Buffers;
using MessagePack;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TeleSante.Domain.Validation;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Scale-out of the live view (LiveView:Redis): every gateway publishes the frames of the batches it
/// accepted on one Redis pub/sub channel, and feeds the frames the other gateways published into its own
/// <see cref="LiveFanOut"/> as if it had accepted them. A practitioner connected to gateway B therefore
/// sees a device streaming into gateway A through B's own session ring and B's per-viewer buffers.
/// </summary>
/// <remarks>
/// <para>Why a channel of our own rather than SignalR's Redis backplane (AddStackExchangeRedis): the
/// backplane forwards group, user and all sends to connections, but the live view sends to each
/// connection from that viewer's own bounded buffer (drop oldest, counted, announced as a gap), and
/// sends to a local connection never touch Redis. Sending frames to a SignalR group instead would skip
/// those buffers, leave B without a ring for its late joiners, and reach whoever is in the group.
/// Relaying the frames into each gateway's LiveFanOut keeps all of it: B numbers, buffers, drops and
/// announces exactly as A does, and frames only ever reach viewers whose join B itself authorized (a
/// relayed frame goes to a session feed, never to a connection). The backplane is not registered at
/// all: it would carry nothing here, yet it subscribes every new connection in Redis, so with Redis down
/// a viewer connecting to any gateway is closed with an error (measured with it registered: the outage
/// test's joiner on B was disconnected), even to watch a device streaming into that gateway.</para>
/// <para>Every gateway subscribes to every session's frames, so each holds the last seconds of every
/// session in memory for its late joiners. That costs each gateway the whole cluster's live traffic
/// (about 10 KB per 0.5 s 12-lead chunk); per-session channels subscribed on demand would be the next
/// step for many gateways.</para>
/// <para>Redis never slows or fails ingestion: <see cref="LiveFanOut"/> only offers frames to the
/// bounded <see cref="LiveRelayOutbox"/>; this loop publishes from it, drops (and counts) while Redis
/// is unreachable instead of queueing, and the multiplexer reconnects and resubscribes by itself.
/// Frames published while a gateway was cut off are not replayed to it.</para>
/// </remarks>
internal sealed class RedisLiveRelay(
    LiveRelayOutbox outbox,
    LiveFanOut fanOut,
    IOptions<LiveViewOptions> options,
    ILogger<RedisLiveRelay> logger) : BackgroundService
{
    // Each message is this gateway's random id, one byte saying what follows, then a frame or an analysis result in
    // MessagePack (the viewers' own format).
    private const int OriginBytes = 16;
    private const int HeaderBytes = OriginBytes + 1;
    private const byte FrameKind = (byte)'F';
    private const byte AnalysisKind = (byte)'A';
    private static readonly MessagePackSerializerOptions Serializer = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly LiveViewOptions _options = options.Value;
    private readonly byte[] _origin = Guid.NewGuid().ToByteArray();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private ConnectionMultiplexer? _redis;
    private long _published;
    private long _received;
    private volatile bool _subscribed;

    /// <summary>Messages (frames and analysis results) of this gateway published to the others since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages of the other gateways received since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>True once the channel subscription is registered (Redis restores it after a reconnection).</summary>
    public bool IsSubscribed => _subscribed;

    /// <summary>True while Redis is reachable.</summary>
    public bool IsConnected => _redis?.IsConnected == true;

    private RedisChannel Channel => RedisChannel.Literal(_options.RedisChannelPrefix + ":frames");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!outbox.Enabled)
        {
            return;
        }

        // Off the host's start-up path: connecting may take the whole connect timeout.
        await Task.Yield();
        var configuration = _options.RedisConfiguration();
        // The gateway starts, and ingests, whether or not Redis is there; the multiplexer keeps retrying.
        configuration.AbortOnConnectFail = false;
        // While disconnected, fail a publish at once rather than queue it for seconds: the outbox is the only buffer.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "telesante-gateway";
        LiveViewLog.RelayStarting(logger, string.Join(", ", configuration.EndPoints), Channel.ToString());
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _redis.ConnectionFailed += (_, e) => LiveViewLog.RelayConnectionFailed(logger, e.Exception, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
        _redis.ConnectionRestored += (_, e) => LiveViewLog.RelayConnectionRestored(logger, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?");
        if (!_redis.IsConnected)
        {
            LiveViewLog.RelayUnreachableAtStart(logger, string.Join(", ", configuration.EndPoints));
        }

        var subscriber = _redis.GetSubscriber();
        try
        {
            await Task.WhenAll(PublishAsync(subscriber, stoppingToken), ReceiveAsync(subscriber, stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _redis?.Dispose();
    }

    private async Task PublishAsync(ISubscriber subscriber, CancellationToken stoppingToken)
    {
        var warned = false;
        await foreach (var item in outbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            Exception? failure = null;
            if (_redis!.IsConnected)
            {
                try
                {
                    // Awaited one at a time: a slow Redis backs up the outbox, which drops its oldest frames.
                    await subscriber.PublishAsync(Channel, Serialize(item)).ConfigureAwait(false);
                    Interlocked.Increment(ref _published);
                    warned = false;
                    continue;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
                {
                    failure = ex;
                }
            }

            outbox.CountDrop();
            if (!warned)
            {
                // Once per outage; the connection events say when it is back.
                LiveViewLog.RelayNotPublishing(logger, failure, outbox.Dropped);
                warned = true;
            }
        }
    }

    private async Task ReceiveAsync(ISubscriber subscriber, CancellationToken stoppingToken)
    {
        while (!_redis!.IsConnected)
        {
            await Task.Delay(RetryDelay / 5, stoppingToken).ConfigureAwait(false);
        }

        ChannelMessageQueue queue;
        while (true)
        {
            try
            {
                queue = await subscriber.SubscribeAsync(Channel).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LiveViewLog.RelaySubscribeFailed(logger, ex, Channel.ToString());
                // A failed attempt can leave its queue registered: remove it, or a retry would deliver twice.
                try
                {
                    await subscriber.UnsubscribeAsync(Channel).ConfigureAwait(false);
                }
                catch (Exception cleanup) when (cleanup is RedisException or TimeoutException)
                {
                }

                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }

        // The multiplexer keeps this subscription and restores it after every reconnection.
        _subscribed = true;
        try
        {
            // One reader, in publication order (per publisher, Redis delivers in order).
            while (true)
            {
                var message = await queue.ReadAsync(stoppingToken).ConfigureAwait(false);
                OnMessage(message.Message);
            }
        }
        finally
        {
            // Stopping: the multiplexer, disposed next, drops the subscription with its connection.
            _subscribed = false;
        }
    }

    private byte[] Serialize(LiveRelayItem item)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(_origin);
        if (item.Frame is { } frame)
        {
            _buffer.Write([FrameKind]);
            MessagePackSerializer.Serialize(_buffer, frame, Serializer);
        }
        else
        {
            _buffer.Write([AnalysisKind]);
            MessagePackSerializer.Serialize(_buffer, item.Analysis!, Serializer);
        }

        return _buffer.WrittenSpan.ToArray();
    }

    private void OnMessage(RedisValue value)
    {
        var payload = (ReadOnlyMemory<byte>)value;
        if (payload.Length > OriginBytes && payload.Span[..OriginBytes].SequenceEqual(_origin))
        {
            return; // our own message, already in our feeds
        }

        LiveFrame? frame = null;
        LiveAnalysis? analysis = null;
        Exception? error = null;
        try
        {
            if (payload.Length > HeaderBytes && payload.Span[OriginBytes] == FrameKind)
            {
                frame = MessagePackSerializer.Deserialize<LiveFrame>(payload[HeaderBytes..], Serializer);
            }
            else if (payload.Length > HeaderBytes && payload.Span[OriginBytes] == AnalysisKind)
            {
                analysis = MessagePackSerializer.Deserialize<LiveAnalysis>(payload[HeaderBytes..], Serializer);
            }
        }
        catch (MessagePackSerializationException ex)
        {
            error = ex;
        }

        if (frame is not null && IsValid(frame.SessionId, frame.DeviceId) && frame.Waveforms is not null && frame.Vitals is not null && frame.Events is not null)
        {
            // Numbered, buffered and gap-marked by this gateway's session feed, like a frame accepted here.
            fanOut.AcceptRelayed(frame with { Seq = 0, Source = LiveFrame.LiveSource, Gap = null });
        }
        else if (analysis is not null && IsValid(analysis.SessionId, analysis.DeviceId)
            && analysis.Beats is not null && analysis.Rhythms is not null && analysis.NotAnalysed is not null)
        {
            fanOut.AcceptRelayed(analysis);
        }
        else
        {
            LiveViewLog.RelayMessageInvalid(logger, error, Channel.ToString(), payload.Length);
            return;
        }

        Interlocked.Increment(ref _received);
    }

    private static bool IsValid(string? sessionId, string? deviceId) => sessionId is not null && Identifiers.IsValid(sessionId) && !string.IsNullOrEmpty(deviceId);
}
