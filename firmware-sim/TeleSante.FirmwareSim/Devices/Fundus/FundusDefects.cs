using System.Text.Json.Serialization;

namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// Capture defects to inject, each a reason a screening reader grades a photograph ungradable.
/// Default: none. Misalignment and the eyelid shadow are fractions of the image, so they mean the
/// same at any resolution; blur is in output pixels, as a focus error is seen on the sensor.
/// </summary>
public sealed record FundusDefects
{
    public static FundusDefects None { get; } = new();

    /// <summary>Defocus: the Gaussian's standard deviation or the box's half-width, in pixels. 0: sharp.</summary>
    public double BlurRadiusPx { get; init; }

    public BlurKernel BlurKernel { get; init; } = BlurKernel.Gaussian;

    /// <summary>Exposure error in photographic stops: -2 is a quarter of the light (small pupil, flash
    /// too weak), +1.5 is nearly three times too much (washed out, clipped).</summary>
    public double ExposureStops { get; init; }

    /// <summary>Horizontal misalignment of the field, as a fraction of the width (positive: to the right).</summary>
    public double OffCentreX { get; init; }

    /// <summary>Vertical misalignment of the field, as a fraction of the height (positive: down).</summary>
    public double OffCentreY { get; init; }

    /// <summary>Fraction of the image height, from the top, in the shadow of a drooping upper eyelid (and lashes).</summary>
    public double EyelidShadow { get; init; }

    /// <summary>Share of the retina's contrast kept, 0..1 (1: clear media). Cataract or a dirty front lens scatter
    /// light over the whole field: details fade towards the field's mean colour.</summary>
    public double Contrast { get; init; } = 1;

    /// <summary>The camera is aimed at the other protocol field than the one declared (the operator picked the wrong
    /// fixation target): a macula-centred capture declared disc-centred, or the reverse. The field stop stays centred.</summary>
    public bool WrongField { get; init; }

    [JsonIgnore]
    public bool IsNone => this == None;
}
