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
    /// <param name="twelveLead">False when the recording has fewer leads: only the rate is proposed. The intervals and axes
    /// are validated on 12 leads only (IEC 60601-2-25 figures, README); on two leads of MIT-BIH record 100 the T offset was
    /// found 775 ms after the QRS, so fewer leads give "not measurable" rather than an unvalidated number.</param>
    public static IReadOnlyList<ProposedValue> Of(RestingEcgMeasurements m, DateTimeOffset from, DateTimeOffset to, bool twelveLead)
    {
        ProposedValue Value(string key, string display, string loinc, string unit, Measurement measurement, string? method = null) =>
            twelveLead || key == "rate"
                ? Proposed(key, display, loinc, unit, measurement, method)
                : new(key, display, loinc, unit, method, null, FewerLeads, from, to);
        ProposedValue Proposed(string key, string display, string loinc, string unit, Measurement measurement, string? method) =>
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
            Value("pAxis", "P axis", "8626-4", "deg", m.PAxisDegrees),
            Value("qrsAxis", "QRS axis", "8632-2", "deg", m.QrsAxisDegrees),
            Value("tAxis", "T axis", "8638-0", "deg", m.TAxisDegrees),
        ];
    }

    private const string FewerLeads = "measured on the 12 standard leads only; this recording has fewer";

    /// <summary>The reason shown in place of a value (the form and the panel print "not measurable: " before it).</summary>
    public static string Explain(NotMeasurableReason reason) => reason switch
    {
        NotMeasurableReason.TooFewBeats => "too few usable beats in the window",
        NotMeasurableReason.NoUsableLead => "no lead of good quality",
        NotMeasurableReason.LeadUnusable => "lead I or aVF flat, saturated or noisy",
        NotMeasurableReason.NoPWave => "no P wave stands out before the QRS",
        NotMeasurableReason.BoundaryNotFound => "wave boundary not found",
        NotMeasurableReason.IndeterminateAxis => "indeterminate axis (isoelectric in I and aVF)",
        _ => reason.ToString(),
    };
}
