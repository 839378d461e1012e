using TeleSante.Analysis.Measurements;
using TeleSante.Clinical.Proposals;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// The resting measurements as proposed values, coded: LOINC heart rate 8867-4 (/min), PR 8625-6, QRS duration 8633-0,
/// QT 8634-8 and QTc 8636-3 (ms; the one LOINC QTc code carries no formula, so each QTc says its correction in
/// <see cref="ProposedValue.Method"/>: Bazett and Fridericia, both given), frontal P, QRS and T axes 8626-4, 8632-2,
/// 8638-0 (deg). Units are UCUM. Every value spans the measurement window it comes from.
/// </summary>
internal static class EcgProposalValues
{
    /// <param name="twelveLead">False when the recording has fewer leads: the intervals are measured on those, the axes are
    /// not measurable (they need leads I and aVF, which the measurer finds by their place among the twelve).</param>
    public static IReadOnlyList<ProposedValue> Of(RestingEcgMeasurements m, DateTimeOffset from, DateTimeOffset to, bool twelveLead)
    {
        Measurement Axis(Measurement measured) => twelveLead ? measured : Measurement.Not(NotMeasurableReason.LeadUnusable);
        ProposedValue Value(string key, string display, string loinc, string unit, Measurement measurement, string? method = null) =>
            new(key, display, loinc, unit, method, measurement.Value is { } v ? Math.Round(v, 1) : null,
                measurement.Reason is { } reason ? Explain(reason) : null, from, to);

        return
        [
            Value("rate", "Heart rate", "8867-4", "/min", m.HeartRateBpm),
            Value("pr", "PR interval", "8625-6", "ms", m.PrMs),
            Value("qrs", "QRS duration", "8633-0", "ms", m.QrsMs),
            Value("qt", "QT interval", "8634-8", "ms", m.QtMs),
            Value("qtcBazett", "QTc (Bazett)", "8636-3", "ms", m.QtcBazettMs, "Bazett"),
            Value("qtcFridericia", "QTc (Fridericia)", "8636-3", "ms", m.QtcFridericiaMs, "Fridericia"),
            Value("pAxis", "P axis", "8626-4", "deg", Axis(m.PAxisDegrees)),
            Value("qrsAxis", "QRS axis", "8632-2", "deg", Axis(m.QrsAxisDegrees)),
            Value("tAxis", "T axis", "8638-0", "deg", Axis(m.TAxisDegrees)),
        ];
    }

    /// <summary>The reason shown in place of a value (the form and the panel print "not measurable: " before it).</summary>
    public static string Explain(NotMeasurableReason reason) => reason switch
    {
        NotMeasurableReason.TooFewBeats => "too few usable beats in the window",
        NotMeasurableReason.NoUsableLead => "no lead of good quality",
        NotMeasurableReason.LeadUnusable => "lead I or aVF missing, flat, saturated or noisy",
        NotMeasurableReason.NoPWave => "no P wave stands out before the QRS",
        NotMeasurableReason.BoundaryNotFound => "wave boundary not found",
        NotMeasurableReason.IndeterminateAxis => "indeterminate axis (isoelectric in I and aVF)",
        _ => reason.ToString(),
    };
}
