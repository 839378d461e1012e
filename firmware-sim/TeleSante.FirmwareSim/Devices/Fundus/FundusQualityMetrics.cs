namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>Computes <see cref="FundusQuality"/> from pixels alone (no metadata).</summary>
public static class FundusQualityMetrics
{
    /// <summary>A pixel belongs to the illuminated field when its luma exceeds this share of the
    /// 99th percentile: relative, so an under-exposed field is still found.</summary>
    private const double FieldThreshold = 0.12;

    /// <summary>A row is dark when its mean luma is under this share of the brightest row's.</summary>
    private const double DarkRowThreshold = 0.2;

    public static FundusQuality Measure(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        var luma = new double[w * h];
        var histogram = new int[256];
        double sum = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = image.Luma(x, y);
                luma[(y * w) + x] = v;
                sum += v;
                histogram[(int)Math.Round(v)]++;
            }
        }

        var (offsetX, offsetY) = FieldCentroid(luma, w, h, histogram);
        return new FundusQuality(sum / luma.Length, LaplacianVariance(luma, w, h), offsetX, offsetY, TopDarkRows(luma, w, h));
    }

    private static double LaplacianVariance(double[] luma, int w, int h)
    {
        if (w < 3 || h < 3)
        {
            return 0;
        }

        double sum = 0, sumSquares = 0;
        var n = 0;
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = (y * w) + x;
                var laplacian = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - (4 * luma[i]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
                n++;
            }
        }

        var mean = sum / n;
        return (sumSquares / n) - (mean * mean);
    }

    private static (double X, double Y) FieldCentroid(double[] luma, int w, int h, int[] histogram)
    {
        var threshold = Math.Max(1, FieldThreshold * Percentile(histogram, luma.Length, 0.99));
        double sx = 0, sy = 0;
        long n = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (luma[(y * w) + x] > threshold)
                {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }

        return n == 0
            ? (double.NaN, double.NaN)
            : (((sx / n) - ((w - 1) / 2.0)) / w, ((sy / n) - ((h - 1) / 2.0)) / h);
    }

    private static double TopDarkRows(double[] luma, int w, int h)
    {
        var rowMeans = new double[h];
        for (var y = 0; y < h; y++)
        {
            double s = 0;
            for (var x = 0; x < w; x++)
            {
                s += luma[(y * w) + x];
            }

            rowMeans[y] = s / w;
        }

        var brightest = rowMeans.Max();
        var dark = 0;
        while (dark < h && rowMeans[dark] < DarkRowThreshold * brightest)
        {
            dark++;
        }

        return (double)dark / h;
    }

    private static double Percentile(int[] histogram, int count, double p)
    {
        var target = p * count;
        long seen = 0;
        for (var v = 0; v < histogram.Length; v++)
        {
            seen += histogram[v];
            if (seen >= target)
            {
                return v;
            }
        }

        return histogram.Length - 1;
    }
}
