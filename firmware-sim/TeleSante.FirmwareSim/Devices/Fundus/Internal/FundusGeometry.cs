namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>Landmarks of a rendered fundus, in image pixels.</summary>
internal readonly record struct FundusGeometry(
    double FieldCentreX, double FieldCentreY, double FieldRadius,
    double DiscX, double DiscY, double DiscDiameter,
    double FoveaX, double FoveaY)
{
    /// <summary>
    /// Landmarks of a right eye (OD): the disc nasal, which in a fundus photograph (seen as the
    /// examiner sees it) is to the right of the fovea; the fovea 2.5 disc diameters temporal to the
    /// disc and slightly below its centre. The disc diameter follows from the angle of view: a
    /// 1.8 mm disc at about 0.29 mm of retina per degree (Bennett's scale for an emmetropic eye).
    /// </summary>
    public static FundusGeometry RightEye(int width, int height, double fieldOfViewDegrees, FundusField field)
    {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        var radius = 0.47 * Math.Min(width, height);
        var discDiameter = 2 * radius * 1.8 / (fieldOfViewDegrees * 0.29);
        var (toDiscX, toDiscY) = (2.5 * discDiameter, -0.3 * discDiameter);
        return field == FundusField.MaculaCentred
            ? new FundusGeometry(cx, cy, radius, cx + toDiscX, cy + toDiscY, discDiameter, cx, cy)
            : new FundusGeometry(cx, cy, radius, cx, cy, discDiameter, cx - toDiscX, cy - toDiscY);
    }

    public FundusGeometry Mirrored(int width) => this with
    {
        FieldCentreX = width - 1 - FieldCentreX,
        DiscX = width - 1 - DiscX,
        FoveaX = width - 1 - FoveaX,
    };

    public FundusGeometry Shifted(int dx, int dy) => this with
    {
        FieldCentreX = FieldCentreX + dx,
        FieldCentreY = FieldCentreY + dy,
        DiscX = DiscX + dx,
        DiscY = DiscY + dy,
        FoveaX = FoveaX + dx,
        FoveaY = FoveaY + dy,
    };
}
