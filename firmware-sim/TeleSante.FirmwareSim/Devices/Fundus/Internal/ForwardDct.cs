namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// The 8x8 forward DCT of T.81 A.3.3, F(v,u) = 1/4 C(u) C(v) sum f(y,x) cos((2x+1)u pi/16)
/// cos((2y+1)v pi/16), computed separably (rows, then columns) with a precomputed basis. Plain
/// matrix products rather than a fast factorisation (AAN, Loeffler): a capture is encoded once, and
/// this form is easy to check against the formula.
/// </summary>
internal static class ForwardDct
{
    /// <summary>Basis[u * 8 + x] = C(u)/2 cos((2x+1)u pi/16), C(0) = 1/sqrt 2, else 1.</summary>
    private static readonly double[] Basis = BuildBasis();

    /// <summary>Transforms <paramref name="block"/> (64 level-shifted samples, row-major) in place;
    /// the result is row-major too: index v * 8 + u, v the vertical frequency.</summary>
    public static void Transform(Span<double> block)
    {
        Span<double> rows = stackalloc double[64];
        for (var y = 0; y < 8; y++)
        {
            for (var u = 0; u < 8; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < 8; x++)
                {
                    sum += Basis[(u * 8) + x] * block[(y * 8) + x];
                }

                rows[(y * 8) + u] = sum;
            }
        }

        for (var u = 0; u < 8; u++)
        {
            for (var v = 0; v < 8; v++)
            {
                var sum = 0.0;
                for (var y = 0; y < 8; y++)
                {
                    sum += Basis[(v * 8) + y] * rows[(y * 8) + u];
                }

                block[(v * 8) + u] = sum;
            }
        }
    }

    private static double[] BuildBasis()
    {
        var basis = new double[64];
        for (var u = 0; u < 8; u++)
        {
            var scale = u == 0 ? Math.Sqrt(0.5) / 2 : 0.5;
            for (var x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = scale * Math.Cos(((2 * x) + 1) * u * Math.PI / 16);
            }
        }

        return basis;
    }
}
