using Microsoft.AspNetCore.SignalR;
using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>The engine's <see cref="ILiveViewSender"/> over the hub's connections. Untyped context on
/// purpose: <c>SendCoreAsync</c> takes the sender loop's cancellation token, so a viewer that leaves while
/// its connection is stalled stops the send at once (the typed <see cref="ILiveViewClient"/> methods take none).</summary>
internal sealed class HubLiveViewSender(IHubContext<LiveViewHub> hub) : ILiveViewSender
{
    public async Task SendFrameAsync(string connectionId, LiveFrame frame, CancellationToken cancellationToken)
    {
        var client = hub.Clients.Client(connectionId);
        if (frame.Analysis is not { } analysis)
        {
            await client.SendCoreAsync(nameof(ILiveViewClient.Frame), [frame], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (frame.Gap is not null)
        {
            // The gap marker (and the vitals and events of the dropped frames) travels as an empty frame first.
            await client.SendCoreAsync(nameof(ILiveViewClient.Frame), [frame with { Analysis = null }], cancellationToken).ConfigureAwait(false);
        }

        await client.SendCoreAsync(nameof(ILiveViewClient.Analysis), [analysis with { Seq = frame.Seq }], cancellationToken).ConfigureAwait(false);
    }

    public Task SendRevokedAsync(string connectionId, LiveRevocation revocation, CancellationToken cancellationToken)
        => hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Revoked), [revocation], cancellationToken);
}
