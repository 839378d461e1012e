using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>One strip: insertion, sample, countdown, and the displayed value or an error code.</summary>
public sealed record GlucoseMeasurement : IVitalsMeasurement
{
    public required string DeviceId { get; init; }

    public required string SessionId { get; init; }

    public required GlucometerOutcome Outcome { get; init; }

    /// <summary>Strip inserted (meter wakes up), ns since epoch.</summary>
    public required long StripInsertedNs { get; init; }

    /// <summary>Drop applied to the strip, ns since epoch; null when the strip was refused before.</summary>
    public long? SampleAppliedNs { get; init; }

    /// <summary>Result (or error) displayed: the measurement time, ns since epoch.</summary>
    public required long EndTimeNs { get; init; }

    /// <summary>Displayed value in <see cref="Ucum"/>: 0.1 mmol/L or 1 mg/dL; null unless Success.</summary>
    public double? Value { get; init; }

    /// <summary>"mmol/L" or "mg/dL".</summary>
    public required string Ucum { get; init; }

    /// <summary>The patient's true capillary glucose, mmol/L (for tests and scenario logs).</summary>
    public required double TrueMmolPerLitre { get; init; }

    /// <summary>MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD with the unit's LOINC code, or null on any error.</summary>
    public ReadingBatch? Batch { get; init; }

    public string OutcomeName => Outcome.ToString();

    public string? ToVitalsJson() => Batch is null ? null : VitalsJson.Write(Batch);
}
