namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// One severity scale, 0 (none) to 1 (worst the camera simulates), for every defect kind, so that a data set can ask
/// for "mild" or "severe" of any kind at any resolution. The mapping is this simulator's convention, chosen so that a
/// severity from 0.5 up makes a photograph a grader would not accept (most small vessels gone, a quarter of the field
/// dark or washed out...) and up to about 0.3 leaves it gradable; it is not a clinical scale.
/// </summary>
public static class FundusDefectScale
{
    /// <summary>The defects for <paramref name="kind"/> at <paramref name="severity"/> in a picture of
    /// <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static FundusDefects Of(FundusDefectKind kind, double severity, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(severity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, 1);
        // The field stop's diameter (FundusGeometry: 0.47 of the short side as radius): blur is relative to the
        // retina's size in the picture, so that the same severity looks the same at every resolution.
        var fieldDiameter = 0.94 * Math.Min(width, height);
        return kind switch
        {
            FundusDefectKind.None => FundusDefects.None,
            FundusDefectKind.OutOfFocus => new FundusDefects { BlurRadiusPx = severity * 0.01 * fieldDiameter },
            FundusDefectKind.UnderExposed => new FundusDefects { ExposureStops = -3 * severity },
            FundusDefectKind.OverExposed => new FundusDefects { ExposureStops = 2.5 * severity },
            FundusDefectKind.LowContrast => new FundusDefects { Contrast = 1 - (0.85 * severity) },
            // Aimed at the other field or not: no "mild" wrong field. A mild severity is a small aiming error instead.
            FundusDefectKind.WrongField => severity >= 0.5
                ? new FundusDefects { WrongField = true }
                : new FundusDefects { OffCentreX = 0.04 * severity, OffCentreY = -0.04 * severity },
            FundusDefectKind.EyelidShadow => new FundusDefects { EyelidShadow = 0.45 * severity },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown defect kind"),
        };
    }
}
