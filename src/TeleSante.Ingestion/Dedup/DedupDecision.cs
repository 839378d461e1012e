namespace TeleSante.Ingestion.Dedup;

public enum DedupDecision
{
    /// <summary>Never seen: the caller now holds a reservation and must Commit or Release it.</summary>
    Reserved,

    /// <summary>Already accepted.</summary>
    Duplicate,

    /// <summary>Another submission of the same (device, seq) is in flight: await it.</summary>
    InFlight,

    /// <summary>Older than the remembered window: cannot tell whether it was stored.</summary>
    Stale,
}
