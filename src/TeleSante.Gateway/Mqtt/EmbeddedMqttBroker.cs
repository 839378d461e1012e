using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT broker. A QoS 1 PUBLISH on an ingestion topic is answered (PUBACK) only after
/// the pipeline made it durable or recorded its refusal: MQTTnet sends the PUBACK once
/// InterceptingPublishAsync completes (dotnet/MQTTnet#1969). MQTT 5 clients get the refusal as the
/// PUBACK reason code and reason string; every client gets it on its own result topic too. Topic access
/// is controlled here (<see cref="MqttTopicAccess"/>): refused subscriptions and publications are answered
/// NotAuthorized (MQTT 3.1.1: SUBACK 0x80; a refused PUBLISH is acknowledged and delivered to nobody,
/// MQTT-3.3.5-2) and audited, throttled per device.
/// </summary>
/// <remarks>
/// Kept sessions (MQTT 3.1.1 clean session off, MQTT 5 session expiry): a client id belongs to the device that made
/// its session (<see cref="MqttClientRegistry"/>); each connection's own items (device, protocol, address) replace a
/// resumed session's, because MQTTnet resumes a session with the items of the connection that made it; and a session
/// left for longer than Mqtt:SessionExpiry is deleted (MQTTnet 5.2 keeps them for ever).
/// </remarks>
internal sealed class EmbeddedMqttBroker(
    MqttIngestHandler handler,
    IOptions<MqttOptions> options,
    IOptions<SecurityOptions> security,
    DeviceAuthenticator authenticator,
    DeviceConnections connections,
    RefusalAuditThrottle refusals,
    ILogger<EmbeddedMqttBroker> logger) : IHostedService, IAsyncDisposable
{
    private const string ProtocolVersionKey = "protocol";
    private const string DeviceKey = "device";
    private const string RemoteKey = "remote";
    private const string GatewayClientId = "telesante-gateway";

    // Marks the gateway's own notices (InjectApplicationMessage passes these as the sender's session
    // items): a device cannot put anything in its session items, so it cannot pass for the gateway, whatever
    // client id it picks.
    private static readonly object InjectedKey = new();
    private static readonly Dictionary<object, object> InjectedItems = new() { [InjectedKey] = true };
    private readonly MqttClientRegistry _clients = new();
    // What validation decided for a connection, until MQTTnet reports it connected (see OnClientConnected).
    private readonly ConcurrentDictionary<string, ValidatedConnection> _validated = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task _expiry = Task.CompletedTask;
    private int _keptSessions;
    private long _expiredSessions;

    public bool IsRunning => _server?.IsStarted == true;

    private int _connectedClients;

    public int ConnectedClients => Volatile.Read(ref _connectedClients);

    /// <summary>Sessions of disconnected clients kept at the last expiry sweep.</summary>
    public int KeptSessions => Volatile.Read(ref _keptSessions);

    /// <summary>Sessions deleted by the expiry sweep since start.</summary>
    public long ExpiredSessions => Interlocked.Read(ref _expiredSessions);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.EmbeddedBindAddress))
            .WithDefaultEndpointPort(settings.EmbeddedPort)
            .WithDefaultEndpointReuseAddress()
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .WithPersistentSessions()
            .Build();
        serverOptions.WriterBufferSize = settings.WriterBufferBytes;

        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += async args =>
        {
            if (ConnectedClients >= settings.MaxConnections)
            {
                args.ReasonCode = MqttConnectReasonCode.ServerBusy;
                return;
            }

            args.SessionItems[ProtocolVersionKey] = args.ProtocolVersion;
            args.SessionItems[RemoteKey] = args.RemoteEndPoint?.ToString();
            if (!security.Value.DeviceAuthentication)
            {
                _validated[args.ClientId] = new ValidatedConnection(null, args.ProtocolVersion, args.RemoteEndPoint?.ToString(), args.SessionExpiryInterval);
                return;
            }

            // Username = device id, password = the device's credential from the registry.
            var check = await authenticator.CheckAsync(args.UserName, args.Password, args.RemoteEndPoint?.ToString(), CancellationToken.None).ConfigureAwait(false);
            if (check.Refused)
            {
                args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                return;
            }

            var device = check.Device!;
            if (string.IsNullOrEmpty(args.ClientId))
            {
                // MQTTnet refuses it after this handler; refused here, before it is claimed for the device (a claim that
                // no connection would ever release).
                args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                return;
            }

            switch (_clients.Claim(args.ClientId, device.Id, security.Value.MaxConnectionsPerDevice))
            {
                case MqttClaim.Quota:
                    args.ReasonCode = MqttConnectReasonCode.QuotaExceeded;
                    SecurityLog.DeviceRefused(logger, device.Id, $"more than {security.Value.MaxConnectionsPerDevice} MQTT connections (Security:MaxConnectionsPerDevice)");
                    return;
                case MqttClaim.OtherDevice:
                    args.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                    SecurityLog.DeviceRefused(logger, device.Id, $"MQTT client id '{args.ClientId}' holds another device's session");
                    return;
            }

            args.SessionItems[DeviceKey] = device;
            _validated[args.ClientId] = new ValidatedConnection(device, args.ProtocolVersion, args.RemoteEndPoint?.ToString(), args.SessionExpiryInterval);
        };
        connections.Cut += deviceId => _ = DisconnectDeviceAsync(deviceId);
        _server.ClientConnectedAsync += OnClientConnected;
        _server.ClientDisconnectedAsync += args =>
        {
            _validated.TryRemove(args.ClientId, out _);
            // A takeover's new connection has already claimed the client id and counted itself.
            if (args.DisconnectType != MqttClientDisconnectType.Takeover)
            {
                _clients.Disconnected(args.ClientId);
            }

            Interlocked.Decrement(ref _connectedClients);
            return Task.CompletedTask;
        };
        _server.SessionDeletedAsync += args =>
        {
            _clients.SessionDeleted(args.Id);
            return Task.CompletedTask;
        };
        _server.InterceptingOutboundPacketAsync += OnOutboundPacketAsync;
        _server.InterceptingInboundPacketAsync += OnInboundPacketAsync;
        _server.InterceptingPublishAsync += OnPublishAsync;
        _server.InterceptingSubscriptionAsync += OnSubscribeAsync;
        await _server.StartAsync().ConfigureAwait(false);
        _expiry = ExpireSessionsLoopAsync(_stopping.Token);
        MqttLog.EmbeddedStarted(logger, settings.EmbeddedBindAddress, settings.EmbeddedPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _expiry.ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs before MQTTnet reads the connection's first packet: the connection's own items replace those of a
    /// resumed session (MQTTnet keeps the items of the connection that created the session).</summary>
    private Task OnClientConnected(ClientConnectedEventArgs args)
    {
        Interlocked.Increment(ref _connectedClients);
        if (_validated.TryRemove(args.ClientId, out var validated))
        {
            args.SessionItems[ProtocolVersionKey] = validated.ProtocolVersion;
            args.SessionItems[RemoteKey] = validated.Remote;
            if (validated.Device is null)
            {
                args.SessionItems.Remove(DeviceKey);
            }
            else
            {
                args.SessionItems[DeviceKey] = validated.Device;
            }
        }

        return Task.CompletedTask;
    }

    private async Task ExpireSessionsLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.SessionSweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await ExpireSessionsAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
                {
                    MqttLog.SessionSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes the sessions of clients gone for longer than their expiry: an MQTT 5 client's own Session Expiry
    /// Interval, capped at Mqtt:SessionExpiry; an MQTT 3.1.1 clean-session-off client's, Mqtt:SessionExpiry.</summary>
    private async Task ExpireSessionsAsync()
    {
        var cap = options.Value.SessionExpiry;
        var now = DateTime.UtcNow; // MQTTnet stamps DisconnectedTimestamp with DateTime.UtcNow
        var kept = 0;
        foreach (var session in await _server!.GetSessionsAsync().ConfigureAwait(false))
        {
            if (session.DisconnectedTimestamp is not { } left)
            {
                continue;
            }

            var expiry = session.ExpiryInterval > 0 && session.ExpiryInterval < cap.TotalSeconds ? TimeSpan.FromSeconds(session.ExpiryInterval) : cap;
            if (now - left < expiry)
            {
                kept++;
                continue;
            }

            await session.DeleteAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _expiredSessions);
            MqttLog.SessionExpired(logger, session.Id, expiry);
        }

        Volatile.Write(ref _keptSessions, kept);
    }

    private async Task DisconnectDeviceAsync(string deviceId)
    {
        if (_server is null)
        {
            return;
        }

        foreach (var clientId in _clients.ConnectedClientsOf(deviceId))
        {
            try
            {
                var session = (await _server.GetSessionsAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Id == clientId);
                session?.Items.Remove(DeviceKey);
                await _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = "device revoked" }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>MQTTnet 5.2 announces a topic-alias maximum of 65,535 in every CONNACK and has no option for
    /// it: the CONNACK of an accepted connection passes here, so the configured maximum replaces it
    /// (0 leaves the property out: aliases off, MQTT 5 section 3.2.2.3.8).</summary>
    private Task OnOutboundPacketAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttConnAckPacket connAck)
        {
            connAck.TopicAliasMaximum = (ushort)options.Value.TopicAliasMaximum;
            // An MQTT 5 client asking to be kept longer than Mqtt:SessionExpiry is told the expiry it gets (section 3.2.2.3.2).
            var cap = (uint)options.Value.SessionExpiry.TotalSeconds;
            if (_validated.TryGetValue(args.ClientId, out var validated) && validated.ProtocolVersion == MqttProtocolVersion.V500 && validated.SessionExpiryInterval > cap)
            {
                connAck.SessionExpiryInterval = cap;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A topic alias above the announced maximum is a protocol error answered DISCONNECT 0x94 (MQTT 5
    /// section 3.3.2.3.4). MQTTnet would accept any alias into its per-connection table; refusing it
    /// before MQTTnet sees it keeps that table within the maximum.</summary>
    private async Task OnInboundPacketAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is not MqttPublishPacket { TopicAlias: > 0 } publish || publish.TopicAlias <= options.Value.TopicAliasMaximum || _server is null)
        {
            return;
        }

        args.ProcessPacket = false;
        MqttLog.TopicAliasRefused(logger, args.ClientId, publish.TopicAlias, options.Value.TopicAliasMaximum);
        try
        {
            await _server.DisconnectClientAsync(args.ClientId, new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.TopicAliasInvalid,
                ReasonString = $"topic alias {publish.TopicAlias} above the maximum {options.Value.TopicAliasMaximum}",
            }).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task OnSubscribeAsync(InterceptingSubscriptionEventArgs args)
    {
        var device = args.SessionItems[DeviceKey] as DeviceRecord;
        if (device is null && security.Value.DeviceAuthentication)
        {
            // Revoked after connecting (the disconnect is on its way).
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            return;
        }

        var filter = args.TopicFilter.Topic;
        if (MqttTopicAccess.CheckSubscribe(device, filter) is { } refusal)
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            args.ReasonString = refusal;
            await RefuseAsync(args.SessionItems, device, "mqtt.subscribe", filter, refusal).ConfigureAwait(false);
        }
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        // The gateway's own notices are routed as usual (to the one device allowed to subscribe to them).
        if (args.SessionItems is { } items && items.Contains(InjectedKey))
        {
            return;
        }

        var topic = args.ApplicationMessage.Topic;
        if (string.IsNullOrEmpty(topic))
        {
            // A topic alias the client never set (MQTTnet leaves the topic empty): nothing to store it under.
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.TopicNameInvalid;
            args.Response.ReasonString = "unknown topic alias: send the topic with the alias first (MQTT 5 section 3.3.2.3.4)";
            return;
        }

        var device = args.SessionItems[DeviceKey] as DeviceRecord;
        if (device is null && security.Value.DeviceAuthentication)
        {
            // Revoked after connecting (the disconnect is on its way): refuse, never store.
            args.ProcessPublish = false;
            args.CloseConnection = true;
            return;
        }

        // Nothing a device publishes is routed to other clients or retained: ingestion topics are consumed
        // by the gateway, and every other topic (result topics, $SYS, anything else) is refused.
        args.ProcessPublish = false;
        if (MqttTopicAccess.CheckPublish(device?.Id, topic) is { } forbidden)
        {
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            args.Response.ReasonString = forbidden;
            await RefuseAsync(args.SessionItems, device, "mqtt.publish", topic, forbidden).ConfigureAwait(false);
            return;
        }

        MqttIngestOutcome outcome;
        try
        {
            outcome = await handler.HandleAsync(topic, args.ApplicationMessage.Payload, device, payloadOutlivesCall: true, args.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MqttLog.HandlerFailed(logger, ex, topic);
            args.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            args.CloseConnection = true;
            return;
        }

        var result = outcome.Result;
        if (result.IsAcknowledged)
        {
            return;
        }

        var isV5 = args.SessionItems[ProtocolVersionKey] is MqttProtocolVersion.V500;
        if (result.IsRetryable && !isV5)
        {
            // MQTT 3.1.1 has no negative PUBACK: closing without one makes the client resend after reconnecting.
            MqttLog.ClosingForBackpressure(logger, args.ClientId);
            args.CloseConnection = true;
            return;
        }

        args.Response.ReasonCode = result.IsRetryable ? MqttPubAckReasonCode.QuotaExceeded
            : result.Reason == Contracts.V1.RejectReason.Malformed ? MqttPubAckReasonCode.PayloadFormatInvalid
            : result.Reason == Contracts.V1.RejectReason.BadIdentity ? MqttPubAckReasonCode.TopicNameInvalid
            : result.Reason is Contracts.V1.RejectReason.DeviceMismatch or Contracts.V1.RejectReason.SessionSiteMismatch
                or Contracts.V1.RejectReason.NoOpenConsultation or Contracts.V1.RejectReason.NotTheOpenConsultation ? MqttPubAckReasonCode.NotAuthorized
            : MqttPubAckReasonCode.ImplementationSpecificError;
        args.Response.ReasonString = result.Detail;

        // The notice goes to the sender only: an authenticated device's own result topic (never the topic
        // it wrote to, which may be another device's); without authentication, the topic's device.
        var noticeTopic = device is not null ? MqttTopicAddress.ResultTopicOf(device.Site, device.Id) : outcome.Address?.ResultTopic;
        if (noticeTopic is not null && _server is not null)
        {
            var notice = new MqttApplicationMessageBuilder()
                .WithTopic(noticeTopic)
                .WithPayload(MqttIngestHandler.FormatResult(outcome))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(notice) { SenderClientId = GatewayClientId, CustomSessionItems = InjectedItems }).ConfigureAwait(false);
        }
    }

    /// <summary>Logs and audits a refused subscription or publication (throttled per device: a device
    /// looping over forbidden topics costs counters, not fsync'd writes).</summary>
    private Task RefuseAsync(System.Collections.IDictionary items, DeviceRecord? device, string action, string topic, string refusal)
    {
        var actor = device?.Id ?? "anonymous";
        MqttLog.TopicRefused(logger, actor, action, topic);
        return refusals.RecordForDeviceAsync(new AuditEntry(actor, action, "topic/" + topic, AuditEntry.Denied, items[RemoteKey] as string, refusal));
    }
}
