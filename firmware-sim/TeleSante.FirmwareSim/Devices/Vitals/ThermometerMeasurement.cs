using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>One temperature reading: the value as displayed (0.1 resolution), or "Lo"/"Hi" and no batch.</summary>
public sealed record ThermometerMeasurement : IVitalsMeasurement
{
    public required string DeviceId { get; init; }

    public required string SessionId { get; init; }

    public required ThermometerOutcome Outcome { get; init; }

    public required ThermometerMethod Method { get; init; }

    /// <summary>When the reading was started (button pressed), ns since epoch.</summary>
    public required long StartTimeNs { get; init; }

    /// <summary>When the reading was displayed: the measurement time, ns since epoch.</summary>
    public required long EndTimeNs { get; init; }

    /// <summary>The displayed value in <see cref="Ucum"/>; null unless Success.</summary>
    public double? Value { get; init; }

    /// <summary>"Cel" or "[degF]".</summary>
    public required string Ucum { get; init; }

    /// <summary>The patient's true core temperature, °C (for tests and scenario logs).</summary>
    public required double CoreCelsius { get; init; }

    /// <summary>MDC_TEMP_BODY, or null when the thermometer showed "Lo"/"Hi".</summary>
    public ReadingBatch? Batch { get; init; }

    public string OutcomeName => Outcome.ToString();

    public string? ToVitalsJson() => Batch is null ? null : VitalsJson.Write(Batch);
}
