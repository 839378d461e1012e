namespace TeleSante.Analysis.Measurements;

/// <summary>
/// Frontal-plane axis from the net areas of leads I and aVF. In Einthoven's equilateral triangle lead I reads the
/// heart vector's x component and aVF reads √3/2 of its y component (aVF = II − I/2), so the angle is
/// atan2(2·aVF / √3, I): 0° points to the left arm, +90° to the feet, −90°..180° upwards/right.
/// </summary>
public static class FrontalAxis
{
    /// <summary>The axis in degrees (−180, 180], or null when both areas are below <paramref name="minimumArea"/>.</summary>
    public static double? FromNetAreas(double leadI, double leadAvf, double minimumArea = 0)
    {
        var y = 2 * leadAvf / Math.Sqrt(3);
        if (Math.Sqrt((leadI * leadI) + (y * y)) <= minimumArea)
        {
            return null;
        }

        return Math.Atan2(y, leadI) * 180 / Math.PI;
    }
}
