using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// One chunk period of the oximeter (one second by default): the pleth samples and the 1 Hz
/// numerics it produced, as one batch, or no batch at all while the probe was off.
/// </summary>
public sealed record OximeterChunk
{
    /// <summary>Start of the period, ns since epoch (the first pleth sample's time).</summary>
    public required long StartTimeNs { get; init; }

    /// <summary>End of the period, ns since epoch.</summary>
    public required long EndTimeNs { get; init; }

    /// <summary>Condition during the last second of the period.</summary>
    public required OximeterCondition Condition { get; init; }

    /// <summary>
    /// Pleth chunk (MDC_PULS_OXIM_PLETH) plus SpO2 and pulse rate for every second measured, or null
    /// when the probe was off: there is nothing true to send.
    /// </summary>
    public ReadingBatch? Batch { get; init; }

    /// <summary>
    /// The numerics of this chunk in the JSON vitals form (which carries no waveform: the pleth is
    /// left out), or null when there are none (probe off, searching, motion).
    /// </summary>
    public string? ToVitalsJson() => Batch is { Observations.Count: > 0 } ? VitalsJson.WriteObservations(Batch) : null;
}
