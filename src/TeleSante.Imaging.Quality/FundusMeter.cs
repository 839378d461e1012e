using System.Buffers;
using Microsoft.ML.Data;
using TeleSante.Imaging.Quality.Internal;

namespace TeleSante.Imaging.Quality;

/// <summary>
/// Decodes a fundus photograph with ML.NET's <see cref="MLImage"/> (SkiaSharp) and measures it
/// (<see cref="FundusMeasurements"/>). Decoding is only ever reached with an <see cref="ImageInfo"/> from
/// <see cref="ImageProbe"/>, whose header-first pixel limit keeps a decompression bomb from being decoded.
/// </summary>
public static class FundusMeter
{
    /// <summary>Optic disc diameter over the field's diameter at 1° of view: a 1.8 mm disc at 0.29 mm of retina per
    /// degree (Bennett's scale, emmetropic eye), so 45° fields show a disc of about 0.276 field radii.</summary>
    private const double DiscMillimetres = 1.8;

    private const double MillimetresPerDegree = 0.29;

    /// <summary>Probes <paramref name="image"/> (header limits first, then integrity), then decodes and measures it.</summary>
    /// <exception cref="ImageRejectedException">Not a whole PNG/JPEG, or over <paramref name="maxPixels"/>.</exception>
    public static FundusMeasurements Measure(Stream image, long maxPixels, EyeLaterality eye, RetinalField field, FundusGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = ImageProbe.Probe(image, maxPixels);
        image.Position = 0;
        return Measure(image, info, eye, field, options);
    }

    /// <summary>Decodes and measures a photograph <see cref="ImageProbe"/> has already accepted as <paramref name="probed"/>.</summary>
    public static FundusMeasurements Measure(Stream image, ImageInfo probed, EyeLaterality eye, RetinalField field, FundusGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(probed);
        ArgumentNullException.ThrowIfNull(options);
        MLImage decoded;
        try
        {
            decoded = MLImage.CreateFromStream(image);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"the {probed.Format} image could not be decoded: {e.Message}");
        }

        using (decoded)
        {
            if (decoded.Width != probed.Width || decoded.Height != probed.Height)
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, $"the decoder found {decoded.Width}x{decoded.Height} pixels where the header says {probed.Width}x{probed.Height}");
            }

            return Measure(decoded, eye, field, options);
        }
    }

    internal static FundusMeasurements Measure(MLImage decoded, EyeLaterality eye, RetinalField field, FundusGateOptions options)
    {
        using var work = WorkingImage.From(decoded, options.WorkingShortSide);
        var fov = FieldOfView.Find(work);
        if (!fov.Found)
        {
            return FundusMeasurements.NoField;
        }

        // Measured inside 92 % of the radius: the rim is where the field stop's edge, vignetting and JPEG ringing meet.
        var inner = 0.92 * fov.Radius;
        var (meanLuma, under, over, meanGreen, sdGreen) = Illumination(work, fov, inner);
        var laplacian = LaplacianVariance(work.Green, work.Width, work.Height, fov.CentreX, fov.CentreY, inner - 2);
        var coarse = HalfScaleLaplacianVariance(work, fov, inner);
        var discDiameter = fov.Radius * 2 * DiscMillimetres / (options.FieldOfViewDegrees * MillimetresPerDegree);
        var (discX, discY, discLuma) = BrightestDisc(work, fov, discDiameter);
        var (shadowFraction, shadowRatio) = Shadow(work, fov, inner);
        return new FundusMeasurements(
            FieldOfViewRadius: fov.Radius / Math.Min(work.Width, work.Height),
            Focus: sdGreen > 0 ? laplacian / (sdGreen * sdGreen) : 0,
            FocusRatio: coarse > 0 ? laplacian / coarse : 0,
            MeanLuma: meanLuma,
            UnderExposed: under,
            OverExposed: over,
            Contrast: meanGreen > 0 ? sdGreen / meanGreen : 0,
            DiscOffset: DiscOffset(eye, field, (discX - fov.CentreX) / fov.Radius, (discY - fov.CentreY) / fov.Radius, discDiameter / fov.Radius),
            DiscProminence: meanLuma > 0 ? discLuma / meanLuma : 0,
            ShadowFraction: shadowFraction,
            ShadowRatio: shadowRatio);
    }

    /// <summary>Where the declared field puts the disc, in field radii from the centre (see the simulated camera's
    /// FundusGeometry and the screening protocols): disc-centred, at the centre; macula-centred, 2.5 disc diameters
    /// nasal of the fovea (to the right for a right eye as the examiner sees it) and 0.3 above.</summary>
    private static double DiscOffset(EyeLaterality eye, RetinalField field, double x, double y, double discDiameter)
    {
        var (ex, ey) = field switch
        {
            RetinalField.DiscCentred => (0.0, 0.0),
            RetinalField.MaculaCentred => ((eye == EyeLaterality.OD ? 2.5 : -2.5) * discDiameter, -0.3 * discDiameter),
            _ => (x, y),
        };
        return Math.Sqrt(((x - ex) * (x - ex)) + ((y - ey) * (y - ey)));
    }

    private static bool Inside(int x, int y, FieldOfView fov, double radius)
    {
        var (dx, dy) = (x - fov.CentreX, y - fov.CentreY);
        return (dx * dx) + (dy * dy) <= radius * radius;
    }

    private static (double MeanLuma, double Under, double Over, double MeanGreen, double SdGreen) Illumination(WorkingImage work, FieldOfView fov, double inner)
    {
        var luma = work.Luma;
        var red = work.Red;
        var green = work.Green;
        double sumLuma = 0, sumGreen = 0, sumGreen2 = 0;
        long n = 0, under = 0, over = 0;
        for (var y = Math.Max(0, (int)(fov.CentreY - inner)); y < Math.Min(work.Height, (int)(fov.CentreY + inner) + 1); y++)
        {
            for (var x = Math.Max(0, (int)(fov.CentreX - inner)); x < Math.Min(work.Width, (int)(fov.CentreX + inner) + 1); x++)
            {
                if (!Inside(x, y, fov, inner))
                {
                    continue;
                }

                var i = (y * work.Width) + x;
                var l = luma[i];
                sumLuma += l;
                sumGreen += green[i];
                sumGreen2 += green[i] * green[i];
                under += l < 0.2f ? 1 : 0;
                over += red[i] >= 250f / 255 || l >= 0.9f ? 1 : 0;
                n++;
            }
        }

        if (n == 0)
        {
            return (0, 1, 0, 0, 0);
        }

        var meanGreen = sumGreen / n;
        return (sumLuma / n, (double)under / n, (double)over / n, meanGreen, Math.Sqrt(Math.Max(0, (sumGreen2 / n) - (meanGreen * meanGreen))));
    }

    private static double LaplacianVariance(ReadOnlySpan<float> plane, int w, int h, double cx, double cy, double radius)
    {
        double sum = 0, sum2 = 0;
        long n = 0;
        var r2 = radius * radius;
        for (var y = Math.Max(1, (int)(cy - radius)); y < Math.Min(h - 1, (int)(cy + radius) + 1); y++)
        {
            for (var x = Math.Max(1, (int)(cx - radius)); x < Math.Min(w - 1, (int)(cx + radius) + 1); x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) > r2)
                {
                    continue;
                }

                var i = (y * w) + x;
                double lap = plane[i - 1] + plane[i + 1] + plane[i - w] + plane[i + w] - (4 * plane[i]);
                sum += lap;
                sum2 += lap * lap;
                n++;
            }
        }

        return n == 0 ? 0 : (sum2 / n) - ((sum / n) * (sum / n));
    }

    private static double HalfScaleLaplacianVariance(WorkingImage work, FieldOfView fov, double inner)
    {
        int w = work.Width / 2, h = work.Height / 2;
        if (w < 3 || h < 3)
        {
            return 0;
        }

        var half = ArrayPool<float>.Shared.Rent(w * h);
        try
        {
            var green = work.Green;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var i = (2 * y * work.Width) + (2 * x);
                    half[(y * w) + x] = 0.25f * (green[i] + green[i + 1] + green[i + work.Width] + green[i + work.Width + 1]);
                }
            }

            return LaplacianVariance(half.AsSpan(0, w * h), w, h, fov.CentreX / 2, fov.CentreY / 2, (inner / 2) - 2);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(half);
        }
    }

    /// <summary>The optic disc is the brightest disc-sized spot of the field: the centre of the disc-diameter square of
    /// highest mean luma (summed-area table, so each position costs four reads), searched within 85 % of the radius.</summary>
    private static (double X, double Y, double Luma) BrightestDisc(WorkingImage work, FieldOfView fov, double discDiameter)
    {
        int w = work.Width, h = work.Height;
        var table = ArrayPool<double>.Shared.Rent((w + 1) * (h + 1));
        try
        {
            var sat = table.AsSpan(0, (w + 1) * (h + 1));
            sat[..(w + 1)].Clear();
            var luma = work.Luma;
            for (var y = 0; y < h; y++)
            {
                double row = 0;
                sat[(y + 1) * (w + 1)] = 0;
                for (var x = 0; x < w; x++)
                {
                    row += luma[(y * w) + x];
                    sat[((y + 1) * (w + 1)) + x + 1] = sat[(y * (w + 1)) + x + 1] + row;
                }
            }

            var halfSide = Math.Max(1, (int)(discDiameter / 2));
            var side = (2 * halfSide) + 1;
            double best = -1;
            int bestX = (int)fov.CentreX, bestY = (int)fov.CentreY;
            var reach = 0.85 * fov.Radius;
            for (var y = Math.Max(halfSide, (int)(fov.CentreY - reach)); y < Math.Min(h - halfSide - 1, (int)(fov.CentreY + reach) + 1); y++)
            {
                for (var x = Math.Max(halfSide, (int)(fov.CentreX - reach)); x < Math.Min(w - halfSide - 1, (int)(fov.CentreX + reach) + 1); x++)
                {
                    if (!Inside(x, y, fov, reach))
                    {
                        continue;
                    }

                    int x0 = x - halfSide, y0 = y - halfSide, x1 = x + halfSide + 1, y1 = y + halfSide + 1;
                    var total = sat[(y1 * (w + 1)) + x1] - sat[(y0 * (w + 1)) + x1] - sat[(y1 * (w + 1)) + x0] + sat[(y0 * (w + 1)) + x0];
                    if (total > best)
                    {
                        (best, bestX, bestY) = (total, x, y);
                    }
                }
            }

            return (bestX, bestY, best < 0 ? 0 : best / (side * side));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(table);
        }
    }

    private static (double Fraction, double Ratio) Shadow(WorkingImage work, FieldOfView fov, double inner)
    {
        var luma = work.Luma;
        double centralSum = 0;
        long centralCount = 0;
        for (var y = Math.Max(0, (int)(fov.CentreY - (0.25 * fov.Radius))); y < Math.Min(work.Height, (int)(fov.CentreY + (0.25 * fov.Radius)) + 1); y++)
        {
            for (var x = 0; x < work.Width; x++)
            {
                if (Inside(x, y, fov, inner))
                {
                    centralSum += luma[(y * work.Width) + x];
                    centralCount++;
                }
            }
        }

        if (centralCount == 0 || centralSum <= 0)
        {
            return (0, 0);
        }

        var central = centralSum / centralCount;
        double topSum = 0;
        long topCount = 0, dark = 0;
        for (var y = Math.Max(0, (int)(fov.CentreY - inner)); y < Math.Min(work.Height, (int)(fov.CentreY - (0.5 * fov.Radius))); y++)
        {
            for (var x = 0; x < work.Width; x++)
            {
                if (Inside(x, y, fov, inner))
                {
                    var l = luma[(y * work.Width) + x];
                    topSum += l;
                    dark += l < 0.35 * central ? 1 : 0;
                    topCount++;
                }
            }
        }

        return topCount == 0 ? (0, 0) : ((double)dark / topCount, topSum / topCount / central);
    }
}
