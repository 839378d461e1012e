using System.Buffers;
using Microsoft.ML.Data;

namespace TeleSante.Imaging.Quality.Internal;

/// <summary>
/// A decoded photograph area-averaged down so that its short side is about <c>targetShortSide</c> pixels, as R, G, B and
/// luma planes of 0..1 floats rented from the shared pool. Every measurement is made at this one scale, so that a
/// 640x480 and a 24-megapixel capture of the same retina measure alike and a 2-megapixel decision stays fast.
/// </summary>
internal sealed class WorkingImage : IDisposable
{
    private float[]? _red;
    private float[]? _green;
    private float[]? _luma;

    private WorkingImage(int width, int height)
    {
        Width = width;
        Height = height;
        _red = ArrayPool<float>.Shared.Rent(width * height);
        _green = ArrayPool<float>.Shared.Rent(width * height);
        _luma = ArrayPool<float>.Shared.Rent(width * height);
    }

    public int Width { get; }

    public int Height { get; }

    public Span<float> Red => _red.AsSpan(0, Width * Height);

    public Span<float> Green => _green.AsSpan(0, Width * Height);

    /// <summary>Y' (BT.601 weights on the gamma-encoded values), as FundusQualityMetrics and graders' software use.</summary>
    public Span<float> Luma => _luma.AsSpan(0, Width * Height);

    /// <summary>Area-averages <paramref name="image"/> (Bgra32 or Rgba32) by a factor that brings its short side to
    /// <paramref name="targetShortSide"/> (never enlarges).</summary>
    public static WorkingImage From(MLImage image, int targetShortSide)
    {
        var (rOffset, bOffset) = image.PixelFormat == MLPixelFormat.Rgba32 ? (0, 2) : (2, 0);
        int w = image.Width, h = image.Height;
        var factor = Math.Max(1.0, Math.Min(w, h) / (double)targetShortSide);
        var width = Math.Max(1, (int)(w / factor));
        var height = Math.Max(1, (int)(h / factor));
        var result = new WorkingImage(width, height);
        var pixels = image.Pixels;
        var columnStart = ArrayPool<int>.Shared.Rent(width + 1);
        var sums = ArrayPool<float>.Shared.Rent(width * 3);
        try
        {
            for (var x = 0; x <= width; x++)
            {
                columnStart[x] = Math.Min(w, (int)(x * factor));
            }

            var red = result.Red;
            var green = result.Green;
            var luma = result.Luma;
            for (var oy = 0; oy < height; oy++)
            {
                var y0 = (int)(oy * factor);
                var y1 = Math.Min(h, Math.Max(y0 + 1, (int)((oy + 1) * factor)));
                var sum = sums.AsSpan(0, width * 3);
                sum.Clear();
                for (var y = y0; y < y1; y++)
                {
                    var row = pixels.Slice(y * w * 4, w * 4);
                    for (var ox = 0; ox < width; ox++)
                    {
                        float r = 0, g = 0, b = 0;
                        var x1 = Math.Max(columnStart[ox] + 1, columnStart[ox + 1]);
                        for (var x = columnStart[ox]; x < x1; x++)
                        {
                            r += row[(x * 4) + rOffset];
                            g += row[(x * 4) + 1];
                            b += row[(x * 4) + bOffset];
                        }

                        sum[ox * 3] += r;
                        sum[(ox * 3) + 1] += g;
                        sum[(ox * 3) + 2] += b;
                    }
                }

                for (var ox = 0; ox < width; ox++)
                {
                    var count = (y1 - y0) * (Math.Max(columnStart[ox] + 1, columnStart[ox + 1]) - columnStart[ox]) * 255f;
                    var i = (oy * width) + ox;
                    var (r, g, b) = (sum[ox * 3] / count, sum[(ox * 3) + 1] / count, sum[(ox * 3) + 2] / count);
                    red[i] = r;
                    green[i] = g;
                    luma[i] = (0.299f * r) + (0.587f * g) + (0.114f * b);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnStart);
            ArrayPool<float>.Shared.Return(sums);
        }

        return result;
    }

    public void Dispose()
    {
        Return(ref _red);
        Return(ref _green);
        Return(ref _luma);
    }

    private static void Return(ref float[]? array)
    {
        if (array is not null)
        {
            ArrayPool<float>.Shared.Return(array);
            array = null;
        }
    }
}
