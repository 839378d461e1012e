using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// One cuff cycle: what the device displayed (values, or an error), the cycle's timeline, the beats
/// it analysed, and the batch it sends. The measurement time is the end of the cycle, as cuffs
/// stamp their memory and their IEEE 11073-10407 observations.
/// </summary>
public sealed record CuffMeasurement : IVitalsMeasurement
{
    public required string DeviceId { get; init; }

    public required string SessionId { get; init; }

    public required CuffOutcome Outcome { get; init; }

    /// <summary>Start of inflation, ns since epoch.</summary>
    public required long StartTimeNs { get; init; }

    /// <summary>End of the cycle (valve open, pressure at zero): the measurement time, ns since epoch.</summary>
    public required long EndTimeNs { get; init; }

    /// <summary>Measured values; all null unless <see cref="Outcome"/> is Success.</summary>
    public int? SystolicMmHg { get; init; }

    public int? DiastolicMmHg { get; init; }

    /// <summary>Mean arterial pressure: the cuff pressure at the largest oscillation (oscillometric MAP).</summary>
    public int? MeanMmHg { get; init; }

    public int? PulseRatePerMin { get; init; }

    /// <summary>The irregular-heartbeat indicator: RR intervals too variable for sinus rhythm.</summary>
    public bool IrregularPulse { get; init; }

    /// <summary>The truth the device was measuring (for tests and scenario logs).</summary>
    public required BloodPressurePatient Patient { get; init; }

    public required IReadOnlyList<CuffPhaseSpan> Phases { get; init; }

    /// <summary>The oscillations recorded during deflation (empty when the cuff never reached pressure).</summary>
    public required IReadOnlyList<OscillometricBeat> Beats { get; init; }

    /// <summary>Systolic, diastolic, mean and pulse rate (MDC_PRESS_BLD_NONINV_*, MDC_PULS_RATE_NON_INV),
    /// or null on any error: the device sends no value rather than a wrong one.</summary>
    public ReadingBatch? Batch { get; init; }

    public bool Succeeded => Outcome == CuffOutcome.Success;

    public string OutcomeName => Outcome.ToString();

    public TimeSpan Duration => TimeSpan.FromTicks((EndTimeNs - StartTimeNs) / 100);

    public string? ToVitalsJson() => Batch is null ? null : VitalsJson.Write(Batch);
}
