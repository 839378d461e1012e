namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// Planar RGB in display-referred 0..1 floats: the camera's working buffer before quantisation,
/// with the operations the capture defects need (mirror, shift, shade, blur, exposure).
/// </summary>
internal sealed class FloatImage
{
    public FloatImage(int width, int height)
    {
        Width = width;
        Height = height;
        Planes = [new float[width * height], new float[width * height], new float[width * height]];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B planes, row-major.</summary>
    public float[][] Planes { get; }

    public void MirrorHorizontally()
    {
        foreach (var plane in Planes)
        {
            for (var y = 0; y < Height; y++)
            {
                plane.AsSpan(y * Width, Width).Reverse();
            }
        }
    }

    /// <summary>Moves the content by whole pixels; what enters from outside the sensor is black.</summary>
    public void Shift(int dx, int dy)
    {
        if (dx == 0 && dy == 0)
        {
            return;
        }

        foreach (var plane in Planes)
        {
            var source = (float[])plane.Clone();
            Array.Clear(plane);
            for (var y = Math.Max(0, dy); y < Math.Min(Height, Height + dy); y++)
            {
                for (var x = Math.Max(0, dx); x < Math.Min(Width, Width + dx); x++)
                {
                    plane[(y * Width) + x] = source[((y - dy) * Width) + (x - dx)];
                }
            }
        }
    }

    /// <summary>Multiplies every channel of pixel (x, y) by <paramref name="factor"/>(x, y).</summary>
    public void Shade(Func<int, int, float> factor)
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var f = factor(x, y);
                var i = (y * Width) + x;
                Planes[0][i] *= f;
                Planes[1][i] *= f;
                Planes[2][i] *= f;
            }
        }
    }

    /// <summary>Separable convolution with a symmetric kernel; edges replicate the border pixel.</summary>
    public void Convolve(float[] kernel)
    {
        var half = kernel.Length / 2;
        var line = new float[Math.Max(Width, Height)];
        foreach (var plane in Planes)
        {
            for (var y = 0; y < Height; y++)
            {
                var row = plane.AsSpan(y * Width, Width);
                row.CopyTo(line);
                for (var x = 0; x < Width; x++)
                {
                    var sum = 0f;
                    for (var k = -half; k <= half; k++)
                    {
                        sum += kernel[k + half] * line[Math.Clamp(x + k, 0, Width - 1)];
                    }

                    row[x] = sum;
                }
            }

            for (var x = 0; x < Width; x++)
            {
                for (var y = 0; y < Height; y++)
                {
                    line[y] = plane[(y * Width) + x];
                }

                for (var y = 0; y < Height; y++)
                {
                    var sum = 0f;
                    for (var k = -half; k <= half; k++)
                    {
                        sum += kernel[k + half] * line[Math.Clamp(y + k, 0, Height - 1)];
                    }

                    plane[(y * Width) + x] = sum;
                }
            }
        }
    }

    public static float[] GaussianKernel(double sigma)
    {
        var half = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * half) + 1];
        double total = 0;
        for (var k = -half; k <= half; k++)
        {
            total += kernel[k + half] = (float)Math.Exp(-(k * k) / (2 * sigma * sigma));
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)(kernel[i] / total);
        }

        return kernel;
    }

    public static float[] BoxKernel(int halfWidth)
    {
        var kernel = new float[(2 * halfWidth) + 1];
        Array.Fill(kernel, 1f / kernel.Length);
        return kernel;
    }

    /// <summary>
    /// Keeps <paramref name="share"/> of each channel's deviation from its mean over the lit field (pixels darker than
    /// 1 % are the black surround and stay black): the veil of scattered light flattens the picture.
    /// </summary>
    public void ReduceContrast(double share)
    {
        foreach (var plane in Planes)
        {
            double sum = 0;
            var lit = 0;
            foreach (var v in plane)
            {
                if (v > 0.01f)
                {
                    sum += v;
                    lit++;
                }
            }

            if (lit == 0)
            {
                continue;
            }

            var mean = (float)(sum / lit);
            for (var i = 0; i < plane.Length; i++)
            {
                if (plane[i] > 0.01f)
                {
                    plane[i] = mean + ((float)share * (plane[i] - mean));
                }
            }
        }
    }

    /// <summary>
    /// Scales the light by 2^stops. Pixel values are display-referred (gamma 2.2, close to sRGB),
    /// so light is scaled in linear terms and re-encoded; over-exposure clips at white as a sensor does.
    /// </summary>
    public void Expose(double stops)
    {
        if (stops == 0)
        {
            return;
        }

        // (v^2.2 * 2^stops)^(1/2.2) = v * 2^(stops/2.2): the same re-encoding without two powers per value.
        var gain = (float)Math.Pow(2, stops / 2.2);
        foreach (var plane in Planes)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = Math.Min(1f, Math.Max(0f, plane[i]) * gain);
            }
        }
    }

    /// <summary>8-bit RGB with additive sensor noise (triangular, so two uniforms per value suffice).</summary>
    public RgbImage Quantise(double noiseSd, Random random)
    {
        // The sum of two uniforms on [-a/2, a/2] has variance a²/6.
        var a = noiseSd * Math.Sqrt(6);
        var pixels = new byte[Width * Height * 3];
        for (var i = 0; i < Width * Height; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var noise = noiseSd > 0 ? a * (random.NextDouble() + random.NextDouble() - 1) : 0;
                pixels[(i * 3) + c] = (byte)Math.Clamp(Math.Round((Planes[c][i] * 255) + noise), 0, 255);
            }
        }

        return new RgbImage(Width, Height, pixels);
    }
}
