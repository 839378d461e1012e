namespace TeleSante.Ingestion.Dedup;

public enum DedupDecision
{
    /// <summary>Never seen: the caller now holds a reservation and must Commit or Release it.</summary>
    Reserved,

    /// <summary>Already accepted.</summary>
    Duplicate,

    /// <summary>Another submission of the same (device, epoch, seq) is in flight: await it.</summary>
    InFlight,

    /// <summary>Older than the remembered window, or of a numbering epoch the device has replaced:
    /// cannot tell whether it was stored.</summary>
    Stale,

    /// <summary>More than the allowed jump above the highest seq accepted in the device's numbering.</summary>
    TooFarAhead,
}
