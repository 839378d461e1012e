namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>What the oscillometric analysis read from one deflation (values meaningful only on Success).</summary>
internal readonly record struct EnvelopeReading(CuffOutcome Outcome, double SystolicMmHg, double DiastolicMmHg, double MeanMmHg, double PulseRatePerMin, bool Irregular)
{
    public static EnvelopeReading Failed(CuffOutcome outcome, bool irregular = false) => new(outcome, 0, 0, 0, 0, irregular);
}
