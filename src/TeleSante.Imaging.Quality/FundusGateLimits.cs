using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeleSante.Imaging.Quality;

/// <summary>
/// The range of each measurement over the good training photographs (0.5th to 99.5th percentile, on the side where
/// it goes wrong), and the reason a grader would give when it is out of that range. The model decides; these name
/// why, so that the operator knows what to change for the retake.
/// </summary>
public sealed class FundusGateLimits
{
    /// <summary>Which side of each measurement is a defect, and its reason ({0}: the declared field, e.g. "disc-centred").</summary>
    private static readonly (string? Low, string? High)[] Reasons =
    [
        ("no circular field of view found", null),
        ("out of focus", null),
        ("out of focus", null),
        ("under-exposed", "over-exposed"),
        (null, "under-exposed"),
        (null, "over-exposed"),
        ("low contrast", null),
        (null, "wrong field: disc not where a {0} field puts it"),
        // A faint disc follows from low contrast, blur or glare as much as from the aim: not a reason of its own.
        (null, null),
        (null, "eyelid or lash shadow over the top of the field"),
        ("eyelid or lash shadow over the top of the field", null),
    ];

    /// <summary>When several measurements are out, the cause a retake must fix first: a shadow darkens the field and
    /// glare or darkness hide the disc, so "under-exposed" or "wrong field" would then send the operator the wrong way.</summary>
    private static readonly string[] Priority =
    [
        "no circular field of view found", "eyelid or lash shadow over the top of the field", "over-exposed", "under-exposed",
        "out of focus", "low contrast", "wrong field: disc not where a {0} field puts it",
    ];

    /// <summary>A measurement is named as a reason only 15 % beyond its good range: synthetic good photographs vary far
    /// less than real ones (their mean luma spans 0.354-0.367), and a reason must name the defect, not every measurement
    /// a severe defect nudges (low contrast moves the mean luma by a few per cent).</summary>
    private const double Tolerance = 0.15;

    /// <summary>Shares of the field (under-, over-exposed, shadowed) are near 0 in good photographs, so 15 % of their
    /// range is nothing: they become a reason past a tenth of the field; the disc offset past half a disc diameter.</summary>
    private static readonly double[] FractionFloors = [0, 0, 0, 0, 0.1, 0.1, 0, 0.14, 0, 0.1, 0];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    [JsonConstructor]
    public FundusGateLimits(IReadOnlyList<FundusMeasurementLimit> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        if (measurements.Count != FundusMeasurements.Count || !measurements.Select(m => m.Measurement).SequenceEqual(FundusMeasurements.Names))
        {
            throw new InvalidDataException($"the limits must name the {FundusMeasurements.Count} measurements in order: {string.Join(", ", FundusMeasurements.Names)}");
        }

        Measurements = measurements;
    }

    public IReadOnlyList<FundusMeasurementLimit> Measurements { get; }

    /// <summary>Tolerances a measurement's limit is never tighter than: the disc is "where the field puts it" within half a
    /// disc diameter (0.14 field radii at 45°), since synthetic good photographs find it to a pixel and would make any
    /// blur-shifted estimate a "wrong field".</summary>
    private static readonly double[] HighFloors = [0, 0, 0, 0, 0, 0, 0, 0.14, 0, 0, 0];

    /// <summary>The limits of good photographs' measurements (no defect injected: mild defects, though gradable, would
    /// stretch the ranges until a severe defect's own measurement no longer stands out).</summary>
    public static FundusGateLimits FromGood(IReadOnlyCollection<FundusMeasurements> gradable)
    {
        ArgumentNullException.ThrowIfNull(gradable);
        if (gradable.Count < 20)
        {
            throw new ArgumentException($"{gradable.Count} good photographs are too few to set limits", nameof(gradable));
        }

        var limits = new List<FundusMeasurementLimit>();
        for (var m = 0; m < FundusMeasurements.Count; m++)
        {
            var values = gradable.Select(g => (double)g.ToFeatures()[m]).Order().ToArray();
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            limits.Add(new FundusMeasurementLimit(
                FundusMeasurements.Names[m],
                Reasons[m].Low is null ? null : Math.Round(Percentile(values, 0.005), 6),
                Reasons[m].High is null ? null : Math.Round(Math.Max(HighFloors[m], Percentile(values, 0.995)), 6),
                Math.Round(Math.Max(sd, 1e-6), 6)));
        }

        return new FundusGateLimits(limits);
    }

    /// <summary>The reasons of the measurements out of their range (past <see cref="Tolerance"/> and
    /// <see cref="FractionFloors"/>), in <see cref="Priority"/> order, each named once.</summary>
    public IReadOnlyList<string> OutOfRange(FundusMeasurements measurements, RetinalField field)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var values = measurements.ToFeatures();
        var found = new List<(double Distance, string Reason)>();
        for (var m = 0; m < values.Length; m++)
        {
            var limit = Measurements[m];
            if (limit.Low is { } percentile && values[m] < (1 - Tolerance) * percentile && Reasons[m].Low is { } lowReason)
            {
                found.Add(((percentile - values[m]) / limit.Scale, lowReason));
            }

            if (limit.High is { } high && values[m] > Math.Max((1 + Tolerance) * high, FractionFloors[m]) && Reasons[m].High is { } highReason)
            {
                found.Add(((values[m] - high) / limit.Scale, highReason));
            }
        }

        var declared = field == RetinalField.DiscCentred ? "disc-centred" : "macula-centred";
        return found.OrderBy(f => Array.IndexOf(Priority, f.Reason)).ThenByDescending(f => f.Distance).Select(f => string.Format(System.Globalization.CultureInfo.InvariantCulture, f.Reason, declared)).Distinct().ToList();
    }

    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, Json);

    /// <exception cref="InvalidDataException">Not a limits file for these measurements.</exception>
    public static FundusGateLimits Read(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize<FundusGateLimits>(stream, Json) ?? throw new InvalidDataException("empty limits file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a gate limits file: {e.Message}", e);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Round(p * (sorted.Length - 1)), 0, sorted.Length - 1)];
}
