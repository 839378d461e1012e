using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// Consumes ingestion topics from an external broker (mosquitto) with a persistent session, through a
/// plain or (several gateways) shared subscription. Each message is acknowledged to the broker only after the pipeline made it
/// durable or recorded its refusal (manual acknowledgement), so a message the broker considers
/// delivered is never lost; if the gateway dies first, the broker delivers it again.
/// Messages are processed concurrently (bounded) and acknowledged in arrival order.
/// </summary>
internal sealed class ExternalBrokerSubscriber(
    MqttIngestHandler handler,
    IOptions<MqttOptions> options,
    ILogger<ExternalBrokerSubscriber> logger) : BackgroundService
{
    private volatile bool _connected;

    public bool IsConnected => _connected;

    public string Filter => string.IsNullOrEmpty(options.Value.SharedGroup)
        ? MqttTopicAddress.AllStreamsFilter
        : $"$share/{options.Value.SharedGroup}/{MqttTopicAddress.AllStreamsFilter}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(settings, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                MqttLog.ExternalRetry(logger, ex, settings.ExternalHost!, settings.ExternalPort, delay);
            }

            _connected = false;
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private async Task RunSessionAsync(MqttOptions settings, CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var pending = Channel.CreateBounded<(MqttApplicationMessageReceivedEventArgs Args, Task<MqttIngestOutcome> Outcome)>(
            new BoundedChannelOptions(settings.MaxPendingMessages) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        client.ApplicationMessageReceivedAsync += async args =>
        {
            // Hold the PUBACK until the message is durable; see AcknowledgeInOrderAsync.
            args.AutoAcknowledge = false;
            // The external broker authenticates devices (mosquitto password file / ACL, see README); the topic's
            // device is then the broker-checked identity.
            var work = handler.HandleAsync(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload, null, payloadOutlivesCall: false, stoppingToken).AsTask();
            await pending.Writer.WriteAsync((args, work), stoppingToken).ConfigureAwait(false);
        };
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        var clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.ExternalHost, settings.ExternalPort)
            .WithClientId(settings.ExternalClientId ?? "telesante-gateway-" + Environment.MachineName)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)settings.ExternalSessionExpiry.TotalSeconds)
            .WithCredentials(settings.ExternalUsername, settings.ExternalPassword)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();

        await client.ConnectAsync(clientOptions, stoppingToken).ConfigureAwait(false);
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        await client.SubscribeAsync(subscription, stoppingToken).ConfigureAwait(false);
        _connected = true;
        MqttLog.ExternalSubscribed(logger, Filter, settings.ExternalHost!, settings.ExternalPort);

        var acknowledging = AcknowledgeInOrderAsync(client, pending.Reader, stoppingToken);
        await Task.WhenAny(disconnected.Task, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
        pending.Writer.TryComplete();
        await acknowledging.ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested && client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task AcknowledgeInOrderAsync(IMqttClient client, ChannelReader<(MqttApplicationMessageReceivedEventArgs Args, Task<MqttIngestOutcome> Outcome)> pending, CancellationToken stoppingToken)
    {
        await foreach (var (args, work) in pending.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            MqttIngestOutcome outcome;
            try
            {
                outcome = await work.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not acknowledged: the broker redelivers it on the next session.
                MqttLog.HandlerFailed(logger, ex, args.ApplicationMessage.Topic);
                continue;
            }

            if (outcome.Result.IsRetryable)
            {
                // Storage full or shutting down: leave it unacknowledged so the broker redelivers it
                // after we reconnect; drop the connection to make that happen.
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
                return;
            }

            if (!client.IsConnected)
            {
                return;
            }

            await args.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
            if (!outcome.Result.IsAcknowledged && outcome.Address is { } address)
            {
                var notice = new MqttApplicationMessageBuilder()
                    .WithTopic(address.ResultTopic)
                    .WithPayload(MqttIngestHandler.FormatResult(outcome))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                await client.PublishAsync(notice, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
