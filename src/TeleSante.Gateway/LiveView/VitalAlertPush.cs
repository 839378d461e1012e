using Microsoft.AspNetCore.SignalR;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>Sends a vitals alert to the viewers subscribed to its session (each authorized at its join; a
/// subscription whose access ends is cut). Never waits for a viewer: a connection whose output is stalled must not
/// delay the alerts of other sessions, so each send runs on its own, bounded by <see cref="SendTimeout"/>.</summary>
internal sealed class VitalAlertPush(IHubContext<LiveViewHub> hub, LiveSubscriptions subscriptions, ILogger<VitalAlertPush> logger)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the sends; returns how many viewers the alert goes to.</summary>
    public int Send(VitalAlert alert)
    {
        var connections = subscriptions.ConnectionsOf(alert.SessionId);
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
            await hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Alert), [alert], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The viewer also gets it from GET .../alerts when it (re)joins.
            VitalAlertLog.PushFailed(logger, ex, alert.Id, connectionId);
        }
    }
}
