using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis.Noise;

/// <summary>
/// Signal and noise sizes as WFDB's nst(1) and sigamp(1) define them for the MIT-BIH Noise Stress Test Database
/// ("Signal-to-noise ratios" in the nst man page, WFDB Applications Guide):
/// <list type="bullet">
/// <item>S: the peak-to-peak amplitude of each of the first 300 normal QRS complexes (range of the signal from 50 ms
/// before to 50 ms after the annotation), the largest and smallest 5 % discarded, the mean of the rest; S = pp² / 8
/// ("correct for sinusoids, close enough for these purposes").</item>
/// <item>N: the first 300 s of noise in one-second chunks; per chunk the RMS difference from the chunk's mean; largest
/// and smallest 5 % discarded, mean of the rest; N = rms². Removing each second's mean is nst's frequency weighting:
/// very low-frequency noise counts less.</item>
/// <item>SNR = 10 log10(S / N), i.e. 20 log10((pp / √8) / rms); noise scaled by a gives N·a².</item>
/// </list>
/// </summary>
public static class NstAmplitude
{
    private const int MeasuredBeats = 300;
    private const int MeasuredSeconds = 300;

    /// <summary>Estimated peak-to-peak QRS amplitude (signal units) from the normal beats at <paramref name="normalBeats"/> (sample indexes).</summary>
    /// <exception cref="ArgumentException">No normal beat lies far enough inside the signal to be measured.</exception>
    public static double QrsPeakToPeak(ReadOnlySpan<double> signal, IReadOnlyList<long> normalBeats, double samplingFrequency)
    {
        ArgumentNullException.ThrowIfNull(normalBeats);
        var half = (int)Math.Round(0.050 * samplingFrequency);
        var ranges = new List<double>(MeasuredBeats);
        foreach (var beat in normalBeats)
        {
            if (ranges.Count == MeasuredBeats)
            {
                break;
            }

            if (beat - half < 0 || beat + half >= signal.Length)
            {
                continue;
            }

            var window = signal.Slice((int)(beat - half), (2 * half) + 1);
            double min = double.MaxValue, max = double.MinValue;
            foreach (var v in window)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            ranges.Add(max - min);
        }

        if (ranges.Count == 0)
        {
            throw new ArgumentException("no normal beat to measure the QRS amplitude on", nameof(normalBeats));
        }

        return TrimmedMean(ranges);
    }

    /// <summary>Estimated RMS noise amplitude (signal units), nst's way.</summary>
    /// <exception cref="ArgumentException">The noise is shorter than one second.</exception>
    public static double NoiseRms(ReadOnlySpan<double> noise, double samplingFrequency)
    {
        var chunk = (int)Math.Round(samplingFrequency);
        var chunks = Math.Min(MeasuredSeconds, noise.Length / chunk);
        if (chunks == 0)
        {
            throw new ArgumentException("at least one second of noise is needed", nameof(noise));
        }

        var values = new List<double>(chunks);
        for (var c = 0; c < chunks; c++)
        {
            values.Add(SampleStatistics.StandardDeviation(noise.Slice(c * chunk, chunk)));
        }

        return TrimmedMean(values);
    }

    /// <summary>SNR in dB of a QRS peak-to-peak amplitude over an RMS noise amplitude, nst's definition.</summary>
    public static double SnrDb(double qrsPeakToPeak, double noiseRms) => 10 * Math.Log10(qrsPeakToPeak * qrsPeakToPeak / 8 / (noiseRms * noiseRms));

    /// <summary>The gain that brings noise of <paramref name="noiseRms"/> to <paramref name="snrDb"/> against <paramref name="qrsPeakToPeak"/>.</summary>
    public static double GainFor(double qrsPeakToPeak, double noiseRms, double snrDb) =>
        Math.Sqrt(qrsPeakToPeak * qrsPeakToPeak / 8 / (noiseRms * noiseRms * Math.Pow(10, snrDb / 10)));

    private static double TrimmedMean(List<double> values)
    {
        values.Sort();
        var cut = (int)(values.Count * 0.05);
        var sum = 0.0;
        for (var i = cut; i < values.Count - cut; i++)
        {
            sum += values[i];
        }

        return sum / (values.Count - (2 * cut));
    }
}
