namespace TeleSante.Analysis.Measurements;

/// <summary>
/// Resting 12-lead measurements from the median beat of a window (issue 12). Durations in ms, axes in degrees
/// (frontal plane, −180..180), rate in beats per minute. A value that could not be measured carries its reason.
/// </summary>
public sealed record RestingEcgMeasurements
{
    /// <summary>60 / median RR of the beats in the window (all beats, ectopic included).</summary>
    public required Measurement HeartRateBpm { get; init; }

    /// <summary>Median RR used for the corrections, s (0 when not measurable).</summary>
    public required double RrSeconds { get; init; }

    public required Measurement PrMs { get; init; }

    public required Measurement QrsMs { get; init; }

    public required Measurement QtMs { get; init; }

    /// <summary>QT corrected by Bazett: QT / sqrt(RR).</summary>
    public required Measurement QtcBazettMs { get; init; }

    /// <summary>QT corrected by Fridericia: QT / cbrt(RR).</summary>
    public required Measurement QtcFridericiaMs { get; init; }

    public required Measurement PAxisDegrees { get; init; }

    public required Measurement QrsAxisDegrees { get; init; }

    public required Measurement TAxisDegrees { get; init; }

    /// <summary>Beats averaged into the median beat, and beats left out (RR or shape outliers).</summary>
    public required int BeatsUsed { get; init; }

    public required int BeatsExcluded { get; init; }

    public required IReadOnlyList<LeadAssessment> Leads { get; init; }

    /// <summary>Global fiducial points over all good leads, ms from the median beat's R fiducial (null when not found).</summary>
    public required double? POnsetMs { get; init; }

    public required double? POffsetMs { get; init; }

    public required double? QrsOnsetMs { get; init; }

    public required double? QrsOffsetMs { get; init; }

    public required double? TOffsetMs { get; init; }
}
