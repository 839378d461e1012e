namespace TeleSante.Gateway.Attribution;

/// <summary>How a reading's session is decided (<c>Attribution:Mode</c>, README "Readings attributed to the open consultation").</summary>
public enum AttributionMode
{
    /// <summary>Issue 11: a reading is accepted only under the open consultation of the station its device belongs to.</summary>
    Consultation,

    /// <summary>The older behaviour: devices name their sessions, administrators assign them; for test rigs and benches.</summary>
    Session,
}
