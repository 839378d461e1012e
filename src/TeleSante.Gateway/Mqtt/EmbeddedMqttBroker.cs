using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using System.Collections.Concurrent;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT broker. A QoS 1 PUBLISH on an ingestion topic is answered (PUBACK) only after
/// the pipeline made it durable or recorded its refusal: MQTTnet sends the PUBACK once
/// InterceptingPublishAsync completes (dotnet/MQTTnet#1969). MQTT 5 clients get the refusal as the
/// PUBACK reason code and reason string; every client gets it on its result topic too.
/// </summary>
internal sealed class EmbeddedMqttBroker(
    MqttIngestHandler handler,
    IOptions<MqttOptions> options,
    IOptions<SecurityOptions> security,
    DeviceAuthenticator authenticator,
    DeviceConnections connections,
    ILogger<EmbeddedMqttBroker> logger) : IHostedService, IAsyncDisposable
{
    private const string ProtocolVersionKey = "protocol";
    private const string DeviceKey = "device";
    private readonly ConcurrentDictionary<string, string> _clientDevice = new(StringComparer.Ordinal);
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    private int _connectedClients;

    public int ConnectedClients => Volatile.Read(ref _connectedClients);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.EmbeddedBindAddress))
            .WithDefaultEndpointPort(settings.EmbeddedPort)
            .WithDefaultEndpointReuseAddress()
            .WithMaxPendingMessagesPerClient(1000)
            .WithPersistentSessions()
            .Build();

        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += async args =>
        {
            if (ConnectedClients >= settings.MaxConnections)
            {
                args.ReasonCode = MqttConnectReasonCode.ServerBusy;
                return;
            }

            args.SessionItems[ProtocolVersionKey] = args.ProtocolVersion;
            if (!security.Value.DeviceAuthentication)
            {
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

            if (_clientDevice.Count(c => c.Value == device.Id && c.Key != args.ClientId) >= security.Value.MaxConnectionsPerDevice)
            {
                args.ReasonCode = MqttConnectReasonCode.QuotaExceeded;
                SecurityLog.DeviceRefused(logger, device.Id, $"more than {security.Value.MaxConnectionsPerDevice} MQTT connections (Security:MaxConnectionsPerDevice)");
                return;
            }

            args.SessionItems[DeviceKey] = device;
            _clientDevice[args.ClientId] = device.Id;
        };
        connections.Cut += deviceId => _ = DisconnectDeviceAsync(deviceId);
        _server.ClientConnectedAsync += _ =>
        {
            Interlocked.Increment(ref _connectedClients);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += args =>
        {
            _clientDevice.TryRemove(args.ClientId, out _);
            Interlocked.Decrement(ref _connectedClients);
            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += OnPublishAsync;
        await _server.StartAsync().ConfigureAwait(false);
        MqttLog.EmbeddedStarted(logger, settings.EmbeddedBindAddress, settings.EmbeddedPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task DisconnectDeviceAsync(string deviceId)
    {
        if (_server is null)
        {
            return;
        }

        foreach (var (clientId, device) in _clientDevice)
        {
            if (device == deviceId && _clientDevice.TryRemove(clientId, out _))
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
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        // The gateway's own notices and anything outside the scheme's ingestion streams are routed as usual.
        if (!topic.StartsWith(MqttTopicAddress.Prefix, StringComparison.Ordinal) || topic.EndsWith("/" + MqttTopicAddress.ResultStream, StringComparison.Ordinal))
        {
            return;
        }

        MqttIngestOutcome outcome;
        try
        {
            var device = args.SessionItems[DeviceKey] as DeviceRecord;
            if (device is null && security.Value.DeviceAuthentication)
            {
                // Revoked after connecting (the disconnect is on its way): refuse, never store.
                args.ProcessPublish = false;
                args.CloseConnection = true;
                return;
            }

            outcome = await handler.HandleAsync(topic, args.ApplicationMessage.Payload, device, args.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MqttLog.HandlerFailed(logger, ex, topic);
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            args.CloseConnection = true;
            return;
        }

        // Ingestion topics are consumed by the gateway, not routed to other subscribers.
        args.ProcessPublish = false;
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
            : MqttPubAckReasonCode.ImplementationSpecificError;
        args.Response.ReasonString = result.Detail;

        if (outcome.Address is { } address && _server is not null)
        {
            var notice = new MqttApplicationMessageBuilder()
                .WithTopic(address.ResultTopic)
                .WithPayload(MqttIngestHandler.FormatResult(outcome))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(notice) { SenderClientId = "telesante-gateway" }).ConfigureAwait(false);
        }
    }
}
