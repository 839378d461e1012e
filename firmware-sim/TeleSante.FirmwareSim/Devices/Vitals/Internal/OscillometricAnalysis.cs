namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>
/// The device side of an oscillometric cuff: from the beats recorded during deflation, find MAP at
/// the envelope's maximum and systolic/diastolic where the envelope crosses the characteristic
/// ratios (the maximum-amplitude algorithm, as described by Geddes et al. and used with
/// manufacturer-tuned ratios by most automated cuffs). It sees only cuff pressures and amplitudes,
/// never the patient's true values.
/// </summary>
internal static class OscillometricAnalysis
{
    /// <summary>Fewest beats from which an envelope is read at all.</summary>
    private const int MinBeats = 8;

    /// <summary>A beat further than this fraction of the envelope maximum from its neighbours'
    /// median is an artefact; atrial fibrillation's stroke-volume variation stays well under it.</summary>
    private const double ArtefactResidual = 0.5;

    /// <summary>Fraction of artefact beats beyond which the envelope is rejected as motion.</summary>
    private const double MaxArtefactFraction = 0.15;

    /// <summary>RR-interval coefficient of variation above which the irregular-heartbeat symbol is
    /// shown; sinus rhythm at rest stays below about 0.05, atrial fibrillation is typically above 0.15.</summary>
    private const double IrregularRrCv = 0.12;

    /// <summary>Pulse rates the device reports; outside it says "out of range".</summary>
    private const double MinPulse = 40, MaxPulse = 180;

    /// <param name="beats">In time order, so cuff pressure decreasing.</param>
    public static EnvelopeReading Analyse(IReadOnlyList<OscillometricBeat> beats, double systolicRatio, double diastolicRatio)
    {
        var n = beats.Count;
        if (n < MinBeats)
        {
            return EnvelopeReading.Failed(CuffOutcome.OutOfRange);
        }

        var (pulse, irregular) = PulseRate(beats);
        var pressure = beats.Select(b => b.CuffPressureMmHg).ToArray();
        var raw = beats.Select(b => b.AmplitudeMmHg).ToArray();
        var smooth = MedianFilter(raw, 5);

        var peak = 0;
        for (var i = 1; i < n; i++)
        {
            if (smooth[i] > smooth[peak])
            {
                peak = i;
            }
        }

        var max = smooth[peak];
        var artefacts = 0;
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(raw[i] - smooth[i]) > ArtefactResidual * max)
            {
                artefacts++;
            }
        }

        if (artefacts >= Math.Max(2, MaxArtefactFraction * n))
        {
            return EnvelopeReading.Failed(CuffOutcome.MotionArtefact, irregular);
        }

        // Systolic: first crossing of the ratio going up in pressure from the peak. If the envelope is
        // still above it at the top of the deflation, systolic is above the highest pressure applied.
        double? systolic = null;
        for (var i = peak - 1; i >= 0; i--)
        {
            if (smooth[i] < systolicRatio * max)
            {
                systolic = Interpolate(systolicRatio * max, smooth[i], pressure[i], smooth[i + 1], pressure[i + 1]);
                break;
            }
        }

        double? diastolic = null;
        for (var i = peak + 1; i < n; i++)
        {
            if (smooth[i] < diastolicRatio * max)
            {
                diastolic = Interpolate(diastolicRatio * max, smooth[i], pressure[i], smooth[i - 1], pressure[i - 1]);
                break;
            }
        }

        if (systolic is null || diastolic is null || pulse < MinPulse || pulse > MaxPulse)
        {
            return EnvelopeReading.Failed(CuffOutcome.OutOfRange, irregular);
        }

        return new EnvelopeReading(CuffOutcome.Success, systolic.Value, diastolic.Value, PeakPressure(pressure, smooth, peak), pulse, irregular);
    }

    private static (double PulseRate, bool Irregular) PulseRate(IReadOnlyList<OscillometricBeat> beats)
    {
        var rr = new double[beats.Count - 1];
        for (var i = 1; i < beats.Count; i++)
        {
            rr[i - 1] = (beats[i].TimeNs - beats[i - 1].TimeNs) / 1e9;
        }

        var mean = rr.Average();
        var sd = Math.Sqrt(rr.Sum(r => (r - mean) * (r - mean)) / rr.Length);
        return (60 / mean, sd / mean > IrregularRrCv);
    }

    /// <summary>MAP between beats: vertex of the parabola through the peak and its two neighbours.</summary>
    private static double PeakPressure(double[] pressure, double[] smooth, int peak)
    {
        if (peak == 0 || peak == pressure.Length - 1)
        {
            return pressure[peak];
        }

        double x0 = pressure[peak - 1], x1 = pressure[peak], x2 = pressure[peak + 1];
        double y0 = smooth[peak - 1], y1 = smooth[peak], y2 = smooth[peak + 1];
        var denominator = ((x0 - x1) * (x0 - x2) * (x1 - x2));
        if (Math.Abs(denominator) < 1e-9)
        {
            return x1;
        }

        var a = ((x2 * (y1 - y0)) + (x1 * (y0 - y2)) + (x0 * (y2 - y1))) / denominator;
        var b = ((x2 * x2 * (y0 - y1)) + (x1 * x1 * (y2 - y0)) + (x0 * x0 * (y1 - y2))) / denominator;
        if (a >= 0)
        {
            return x1;
        }

        // A vertex outside the neighbours means the fit is poor (flat top): keep the peak beat's pressure.
        var vertex = -b / (2 * a);
        return vertex <= Math.Max(x0, x2) && vertex >= Math.Min(x0, x2) ? vertex : x1;
    }

    private static double Interpolate(double level, double yBelow, double xBelow, double yAbove, double xAbove)
        => yAbove == yBelow ? xBelow : xBelow + ((level - yBelow) * (xAbove - xBelow) / (yAbove - yBelow));

    private static double[] MedianFilter(double[] values, int width)
    {
        var half = width / 2;
        var result = new double[values.Length];
        var window = new List<double>(width);
        for (var i = 0; i < values.Length; i++)
        {
            window.Clear();
            for (var j = Math.Max(0, i - half); j <= Math.Min(values.Length - 1, i + half); j++)
            {
                window.Add(values[j]);
            }

            window.Sort();
            result[i] = window.Count % 2 == 1 ? window[window.Count / 2] : (window[(window.Count / 2) - 1] + window[window.Count / 2]) / 2;
        }

        return result;
    }
}
