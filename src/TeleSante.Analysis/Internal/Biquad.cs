using System.Numerics;

namespace TeleSante.Analysis.Internal;

/// <summary>
/// A second-order IIR section in transposed direct form II, designed by the bilinear transform with
/// pre-warping (RBJ "Audio EQ Cookbook" formulas), so one design serves any sample rate. Mutable struct:
/// keep it in a field or array and call it by reference.
/// </summary>
internal struct Biquad
{
    private readonly double _b0, _b1, _b2, _a1, _a2;
    private double _s1, _s2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2)
    {
        _b0 = b0 / a0;
        _b1 = b1 / a0;
        _b2 = b2 / a0;
        _a1 = a1 / a0;
        _a2 = a2 / a0;
    }

    /// <summary>Butterworth sections: Q = 1/sqrt(2) for second order; 0.5412 and 1.3066 for the two sections of fourth order.</summary>
    public static Biquad LowPass(double cutoffHz, double sampleRateHz, double q)
    {
        var (cos, alpha) = Prewarp(cutoffHz, sampleRateHz, q);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public static Biquad HighPass(double cutoffHz, double sampleRateHz, double q)
    {
        var (cos, alpha) = Prewarp(cutoffHz, sampleRateHz, q);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public double Step(double x)
    {
        var y = (_b0 * x) + _s1;
        _s1 = (_b1 * x) - (_a1 * y) + _s2;
        _s2 = (_b2 * x) - (_a2 * y);
        return y;
    }

    /// <summary>Sets the state as if the input had always been <paramref name="x"/>: no start-up transient from a DC offset.</summary>
    public void Settle(double x)
    {
        var y = (_b0 + _b1 + _b2) / (1 + _a1 + _a2) * x;
        _s2 = (_b2 * x) - (_a2 * y);
        _s1 = y - (_b0 * x);
    }

    /// <summary>Group delay at <paramref name="frequencyHz"/>, in samples (−dφ/dω, numerically).</summary>
    public readonly double GroupDelaySamples(double frequencyHz, double sampleRateHz)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRateHz;
        const double dw = 1e-4;
        var difference = Phase(w + dw) - Phase(w - dw);
        // The phase wraps at ±π; a step of dw never moves it by more than π otherwise.
        if (difference > Math.PI)
        {
            difference -= 2 * Math.PI;
        }
        else if (difference < -Math.PI)
        {
            difference += 2 * Math.PI;
        }

        return -difference / (2 * dw);
    }

    private readonly double Phase(double w)
    {
        var z1 = Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        return ((_b0 + (_b1 * z1) + (_b2 * z2)) / (1 + (_a1 * z1) + (_a2 * z2))).Phase;
    }

    private static (double Cos, double Alpha) Prewarp(double cutoffHz, double sampleRateHz, double q)
    {
        var w0 = 2 * Math.PI * cutoffHz / sampleRateHz;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }
}
