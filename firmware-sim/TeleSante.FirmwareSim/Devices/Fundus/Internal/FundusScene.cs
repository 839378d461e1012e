namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// Paints a right-eye fundus, display-referred: the reddish-orange retina inside the circular field
/// stop, darker towards the rim (vignetting of the eye's optics and the camera), the macula as a
/// darker spot with a darker foveal centre, the optic disc as a bright yellowish, slightly
/// vertically oval disc with a paler cup, and the vessels over everything.
/// </summary>
internal static class FundusScene
{
    public static FloatImage RenderRightEye(int width, int height, FundusGeometry g, Random random)
    {
        var image = new FloatImage(width, height);
        var dd = g.DiscDiameter;
        var fine = new ValueNoise(width, height, 0.3 * dd, random);
        var coarse = new ValueNoise(width, height, 1.2 * dd, random);
        var vessels = VesselTree.Draw(g, random, width, height);
        var discRadius = dd / 2;
        var cupX = g.DiscX - (0.05 * dd);
        var (r, gr, b) = (image.Planes[0], image.Planes[1], image.Planes[2]);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var radius = Math.Sqrt(Square(x - g.FieldCentreX) + Square(y - g.FieldCentreY));
                var aperture = Math.Clamp(g.FieldRadius - radius + 0.5, 0, 1);
                if (aperture <= 0)
                {
                    continue;
                }

                var vignette = 1 - (0.45 * Math.Pow(radius / g.FieldRadius, 2.2));
                var texture = 1 + (0.05 * fine.At(x, y)) + (0.07 * coarse.At(x, y));
                double red = 0.80 * vignette * texture, green = 0.33 * vignette * texture, blue = 0.13 * vignette * texture;

                var foveaDistance = Math.Sqrt(Square(x - g.FoveaX) + Square(y - g.FoveaY));
                var macula = Math.Exp(-Square(foveaDistance / (0.7 * dd)));
                var fovea = Math.Exp(-Square(foveaDistance / (0.12 * dd)));
                red *= 1 - (0.28 * macula) - (0.15 * fovea);
                green *= 1 - (0.38 * macula) - (0.2 * fovea);
                blue *= 1 - (0.3 * macula) - (0.15 * fovea);

                var discDistance = Math.Sqrt(Square((x - g.DiscX) / discRadius) + Square((y - g.DiscY) / (1.08 * discRadius)));
                var disc = Math.Clamp(((1 - discDistance) * discRadius / (0.05 * dd)) + 0.5, 0, 1);
                if (disc > 0)
                {
                    var shade = 0.92 + (0.08 * texture);
                    red += disc * ((0.98 * shade) - red);
                    green += disc * ((0.80 * shade) - green);
                    blue += disc * ((0.50 * shade) - blue);
                    var cupDistance = Math.Sqrt(Square(x - cupX) + Square(y - g.DiscY)) / discRadius;
                    var cup = Math.Clamp(((0.35 - cupDistance) * discRadius / (0.06 * dd)) + 0.5, 0, 1);
                    red += cup * (1.0 - red);
                    green += cup * (0.93 - green);
                    blue += cup * (0.76 - blue);
                }

                var i = (y * width) + x;
                var v = vessels[i];
                r[i] = (float)(aperture * red * (1 - (0.5 * v)));
                gr[i] = (float)(aperture * green * (1 - (0.8 * v)));
                b[i] = (float)(aperture * blue * (1 - (0.7 * v)));
            }
        }

        return image;
    }

    private static double Square(double x) => x * x;
}
