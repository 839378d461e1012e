using Microsoft.AspNetCore.SignalR;
using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>The engine's <see cref="ILiveViewSender"/> over the hub's connections. Untyped context on
/// purpose: <c>SendCoreAsync</c> takes the sender loop's cancellation token, so a viewer that leaves while
/// its connection is stalled stops the send at once (the typed <see cref="ILiveViewClient"/> methods take none).</summary>
internal sealed class HubLiveViewSender(IHubContext<LiveViewHub> hub) : ILiveViewSender
{
    public Task SendFrameAsync(string connectionId, LiveFrame frame, CancellationToken cancellationToken)
        => hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Frame), [frame], cancellationToken);

    public Task SendAnalysisAsync(string connectionId, LiveAnalysis analysis, CancellationToken cancellationToken)
        => hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Analysis), [analysis], cancellationToken);

    public Task SendRevokedAsync(string connectionId, LiveRevocation revocation, CancellationToken cancellationToken)
        => hub.Clients.Client(connectionId).SendCoreAsync(nameof(ILiveViewClient.Revoked), [revocation], cancellationToken);
}
