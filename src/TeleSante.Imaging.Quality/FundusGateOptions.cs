using System.ComponentModel.DataAnnotations;

namespace TeleSante.Imaging.Quality;

/// <summary>The fundus quality gate at upload. Section <c>Imaging:QualityGate</c>.</summary>
public sealed class FundusGateOptions
{
    public const string Section = "Imaging:QualityGate";

    /// <summary>Measure every uploaded fundus photograph and answer gradable/ungradable. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The gate's model folder (fundus-gate-model.zip and fundus-gate-limits.json, written by
    /// <c>telesante-fundus train-gate</c>), relative to the gateway's folder unless absolute.
    /// Default "models/fundus-gate", copied there from the repository at build.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/fundus-gate";

    /// <summary>Short side of the working copy the measurements are made on, pixels. Default 384: the disc is
    /// about 50 pixels across and a vessel 2-4, enough for every measurement; the model was trained at this size.</summary>
    [Range(128, 2048)]
    public int WorkingShortSide { get; set; } = 384;

    /// <summary>The cameras' angle of view, degrees (sets the expected size and place of the disc). Default 45°,
    /// the screening standard.</summary>
    [Range(20, 120)]
    public double FieldOfViewDegrees { get; set; } = 45;

    /// <summary>At most this many photographs are decoded and measured at once (each holds its decoded pixels: 4 bytes
    /// a pixel, up to Imaging:MaxPixels). Default 2, this machine's cores.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;
}
