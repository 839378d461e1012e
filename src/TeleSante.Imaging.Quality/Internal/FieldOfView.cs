namespace TeleSante.Imaging.Quality.Internal;

/// <summary>
/// The circular field stop of a fundus camera, in working-image pixels. Found from the lit rows: the widest rows cross
/// the circle's centre, so their midpoint and half-width give centre and radius even when an eyelid darkens the top
/// of the field or the aim is off (a fit on all rows would follow the shadow).
/// </summary>
internal readonly record struct FieldOfView(double CentreX, double CentreY, double Radius)
{
    /// <summary>A pixel is lit when one of its channels passes this (about 13/255): the surround is black up to
    /// sensor noise and JPEG ringing, while even a field three stops under-exposed stays above it.</summary>
    public const float LitThreshold = 0.05f;

    public bool Found => Radius > 0;

    public static FieldOfView Find(WorkingImage image)
    {
        int w = image.Width, h = image.Height;
        var red = image.Red;
        var luma = image.Luma;
        var widths = new int[h];
        var mids2 = new int[h];
        var widest = 0;
        for (var y = 0; y < h; y++)
        {
            int first = -1, last = -1;
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                if (red[i] > LitThreshold || luma[i] > LitThreshold)
                {
                    if (first < 0)
                    {
                        first = x;
                    }

                    last = x;
                }
            }

            widths[y] = first < 0 ? 0 : last - first + 1;
            mids2[y] = first + last;
            widest = Math.Max(widest, widths[y]);
        }

        if (widest < 8)
        {
            return default;
        }

        double sy = 0, sx = 0;
        var n = 0;
        for (var y = 0; y < h; y++)
        {
            if (widths[y] >= 0.97 * widest)
            {
                sy += y;
                sx += mids2[y] / 2.0;
                n++;
            }
        }

        return new FieldOfView(sx / n, sy / n, widest / 2.0);
    }
}
