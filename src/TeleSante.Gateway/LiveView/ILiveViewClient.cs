using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView;

/// <summary>What the live-view hub (<see cref="LiveViewRegistration.HubPath"/>) calls on a connected viewer.</summary>
public interface ILiveViewClient
{
    /// <summary>A frame of the joined session: first the history (last LateJoinSeconds, oldest first),
    /// then live frames as the gateway accepts them. Frames of one device arrive in order.</summary>
    Task Frame(LiveFrame frame);

    /// <summary>A vitals alert of the joined session, raised by the gateway (LiveView:Alerts), or the same alert again
    /// when its episode ended or a practitioner acknowledged it (same <see cref="VitalAlert.Id"/>, newer state).</summary>
    Task Alert(VitalAlert alert);

    /// <summary>What the gateway's ECG analysis found (beats with their class, the heart rate with its span, rhythm windows,
    /// spans not analysed); late joiners get the recent ones with the history frames.</summary>
    Task Analysis(LiveAnalysis analysis);

    /// <summary>Access to the joined session ended: no frame follows, and the gateway closes the connection.</summary>
    Task Revoked(LiveRevocation revocation);
}
