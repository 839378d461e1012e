using MessagePack;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TeleSante.Domain.Validation;
using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// Vitals alerts across gateways (LiveView:Redis, channel <c>{prefix}:alerts</c>): the gateway that raised an
/// alert, or took its acknowledgement, publishes it; the others push it to their own viewers of the session. The
/// frames relay (RedisLiveRelay) carries readings, not alerts: an alert is raised once, by the gateway that accepted
/// the reading. Redis being down delays nothing here: the publish fails at once (logged), and a viewer of another
/// gateway still gets the alert from the store when it joins (gateways sharing sessions share the clinical
/// database: PostgreSQL). Does nothing when LiveView:Redis is empty.
/// </summary>
internal sealed class RedisAlertRelay(IOptions<LiveViewOptions> options, ILogger<RedisAlertRelay> logger) : BackgroundService
{
    private const int OriginBytes = 16;
    private static readonly MessagePackSerializerOptions Serializer = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);
    private readonly LiveViewOptions _options = options.Value;
    private readonly byte[] _origin = Guid.NewGuid().ToByteArray();
    private ConnectionMultiplexer? _redis;
    private long _published;
    private long _received;
    private volatile bool _subscribed;

    /// <summary>What to do with an alert another gateway published (set once, by <see cref="VitalAlertPush"/>).</summary>
    public Action<VitalAlert>? OnRemote { get; set; }

    public long Published => Interlocked.Read(ref _published);

    public long Received => Interlocked.Read(ref _received);

    public bool IsSubscribed => _subscribed;

    private RedisChannel Channel => RedisChannel.Literal(_options.RedisChannelPrefix + ":alerts");

    /// <summary>Publishes <paramref name="alert"/> to the other gateways, without waiting.</summary>
    public void Publish(VitalAlert alert)
    {
        if (_redis is not { IsConnected: true } redis)
        {
            return;
        }

        var body = MessagePackSerializer.Serialize(alert, Serializer);
        var payload = new byte[OriginBytes + body.Length];
        _origin.CopyTo(payload, 0);
        body.CopyTo(payload, OriginBytes);
        _ = PublishAsync(redis, payload, alert.Id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ScaleOut)
        {
            return;
        }

        await Task.Yield();
        var configuration = _options.RedisConfiguration();
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "telesante-gateway-alerts";
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested && !_subscribed)
        {
            try
            {
                var queue = await _redis.GetSubscriber().SubscribeAsync(Channel).ConfigureAwait(false);
                queue.OnMessage(m => OnMessage(m.Message));
                _subscribed = true;
            }
            catch (RedisException ex)
            {
                VitalAlertLog.RelayFailed(logger, ex, Channel.ToString());
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _redis?.Dispose();
    }

    private async Task PublishAsync(ConnectionMultiplexer redis, byte[] payload, string alertId)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, payload).ConfigureAwait(false);
            Interlocked.Increment(ref _published);
        }
        catch (RedisException ex)
        {
            VitalAlertLog.RelayPublishFailed(logger, ex, alertId);
        }
    }

    private void OnMessage(RedisValue value)
    {
        var payload = (ReadOnlyMemory<byte>)value;
        if (payload.Length <= OriginBytes || payload.Span[..OriginBytes].SequenceEqual(_origin))
        {
            return; // our own, already pushed here
        }

        VitalAlert? alert;
        try
        {
            alert = MessagePackSerializer.Deserialize<VitalAlert>(payload[OriginBytes..], Serializer);
        }
        catch (MessagePackSerializationException ex)
        {
            VitalAlertLog.RelayFailed(logger, ex, Channel.ToString());
            return;
        }

        if (alert is null || !Identifiers.IsValid(alert.SessionId))
        {
            return;
        }

        Interlocked.Increment(ref _received);
        OnRemote?.Invoke(alert);
    }
}
