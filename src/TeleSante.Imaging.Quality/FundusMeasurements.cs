using System.Globalization;

namespace TeleSante.Imaging.Quality;

/// <summary>
/// What the gate measures on one fundus photograph, inside its circular field of view, on the working copy (short side
/// <see cref="FundusGateOptions.WorkingShortSide"/>). All are ratios or fractions, so they do not depend on the
/// resolution or the file format. The order of <see cref="Names"/> is the model's feature order.
/// </summary>
/// <param name="FieldOfViewRadius">Radius of the circular field found, as a fraction of the short side (0: no field found).</param>
/// <param name="Focus">Variance of the 4-neighbour Laplacian of the green channel over the green channel's variance:
/// high-frequency energy relative to the picture's contrast (Pech-Pacheco et al. 2000, normalised); defocus lowers it.</param>
/// <param name="FocusRatio">Laplacian variance at the working scale over that at half the scale: blur removes the finest
/// scale first.</param>
/// <param name="MeanLuma">Mean luma of the field, 0..1.</param>
/// <param name="UnderExposed">Share of the field with luma under 0.2 (about 50/255).</param>
/// <param name="OverExposed">Share of the field whose red or luma is clipped (red ≥ 250/255 or luma ≥ 0.9).</param>
/// <param name="Contrast">Coefficient of variation of the green channel over the field (sd / mean).</param>
/// <param name="DiscOffset">Distance, in field radii, from where the brightest disc-sized spot (the optic disc) is found
/// to where the declared field and eye put it; 0 when the field is "other" (no expectation).</param>
/// <param name="DiscProminence">Mean luma of that spot over the field's mean luma: about 2 when a disc is there.</param>
/// <param name="ShadowFraction">Share of the top band of the field (above half a radius over the centre) darker than
/// 35 % of the central band's mean luma: an eyelid or lashes.</param>
/// <param name="ShadowRatio">Mean luma of the top band over the central band's.</param>
public sealed record FundusMeasurements(
    double FieldOfViewRadius,
    double Focus,
    double FocusRatio,
    double MeanLuma,
    double UnderExposed,
    double OverExposed,
    double Contrast,
    double DiscOffset,
    double DiscProminence,
    double ShadowFraction,
    double ShadowRatio)
{
    public const int Count = 11;

    /// <summary>Names in feature order (CSV header, training report, upload answer).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "fov_radius", "focus", "focus_ratio", "mean_luma", "under_exposed", "over_exposed", "contrast",
        "disc_offset", "disc_prominence", "shadow_fraction", "shadow_ratio",
    ];

    /// <summary>No field of view at all (a black or blank picture): every measurement at its worst.</summary>
    public static FundusMeasurements NoField { get; } = new(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);

    public float[] ToFeatures() =>
    [
        (float)FieldOfViewRadius, (float)Focus, (float)FocusRatio, (float)MeanLuma, (float)UnderExposed, (float)OverExposed,
        (float)Contrast, (float)DiscOffset, (float)DiscProminence, (float)ShadowFraction, (float)ShadowRatio,
    ];

    public static FundusMeasurements FromFeatures(ReadOnlySpan<float> f)
    {
        if (f.Length != Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"expected {Count} measurements, got {f.Length}"), nameof(f));
        }

        return new(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]);
    }
}
