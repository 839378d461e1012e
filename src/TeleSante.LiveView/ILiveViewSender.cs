namespace TeleSante.LiveView;

/// <summary>
/// How the engine reaches a viewer's connection. The host implements it with its transport (the gateway:
/// SignalR's hub context), so the engine knows connection ids only, never ASP.NET Core.
/// </summary>
public interface ILiveViewSender
{
    /// <summary>Sends one frame to <paramref name="connectionId"/>. Completing is the per-connection
    /// back-pressure: the transport completes it once the frame is in the connection's output buffer, so a
    /// viewer that stops reading stalls only its own sender loop.</summary>
    Task SendFrameAsync(string connectionId, LiveFrame frame, CancellationToken cancellationToken);

    /// <summary>Sends one analysis result to <paramref name="connectionId"/>; completing is back-pressure, as for a frame.</summary>
    Task SendAnalysisAsync(string connectionId, LiveAnalysis analysis, CancellationToken cancellationToken);

    /// <summary>Tells <paramref name="connectionId"/> its access to the session ended (no frame follows).</summary>
    Task SendRevokedAsync(string connectionId, LiveRevocation revocation, CancellationToken cancellationToken);
}
