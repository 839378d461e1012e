using Microsoft.AspNetCore.SignalR;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>Sends a vitals alert to the viewers subscribed to its session (each authorized at its join; a
/// subscription whose access ends is cut). Never waits for a viewer: a connection whose output is stalled must not
/// delay the alerts of other sessions, so each send runs on its own, bounded by <see cref="SendTimeout"/>.</summary>
internal sealed class VitalAlertPush
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);
    private readonly IHubContext<LiveViewHub> _hub;
    private readonly LiveSubscriptions _subscriptions;
    private readonly RedisAlertRelay _relay;
    private readonly ILogger<VitalAlertPush> _logger;

    public VitalAlertPush(IHubContext<LiveViewHub> hub, LiveSubscriptions subscriptions, RedisAlertRelay relay, ILogger<VitalAlertPush> logger)
    {
        _hub = hub;
        _subscriptions = subscriptions;
        _relay = relay;
        _logger = logger;
        // Alerts other gateways raised or took acknowledgements of go to this gateway's viewers.
        relay.OnRemote = alert => SendLocal(alert);
    }

    /// <summary>Sends the alert to this gateway's viewers of its session and, through Redis when configured, to the
    /// other gateways' viewers.</summary>
    public void Send(VitalAlert alert)
    {
        SendLocal(alert);
        _relay.Publish(alert);
    }

    /// <summary>Starts the sends to this gateway's viewers; returns how many viewers the alert goes to.</summary>
    public int SendLocal(VitalAlert alert)
    {
        var connections = _subscriptions.ConnectionsOf(alert.SessionId);
        foreach (var connectionId in connections)
        {
            _ = SendAsync(connectionId, alert);
        }

        return connections.Count;
    }

    private async Task SendAsync(string connectionId, VitalAlert alert)
    {
        using var timeout = new CancellationTokenSource(SendTimeout);
        try
        {
            await _hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Alert), [alert], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The viewer also gets it from GET .../alerts when it (re)joins.
            VitalAlertLog.PushFailed(_logger, ex, alert.Id, connectionId);
        }
    }
}
