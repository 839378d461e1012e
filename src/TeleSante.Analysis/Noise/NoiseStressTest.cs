namespace TeleSante.Analysis.Noise;

/// <summary>
/// Adds generated noise to a clean ECG the way WFDB's nst(1) built the MIT-BIH Noise Stress Test Database: output =
/// clean + a·noise + b, a chosen so that the SNR in the noisy segments is the one asked for (S from the clean record's
/// normal QRS complexes, N from the noise, see <see cref="NstAmplitude"/>), and b recomputed at every gain change so the
/// output does not step (nst: "the offsets, b, are recalculated at these times to cancel out step changes").
/// </summary>
public static class NoiseStressTest
{
    /// <summary>nst's standard protocol: a 5-minute noise-free learning period, then 2-minute segments.</summary>
    public const double CleanStartSeconds = 300;

    public const double SegmentSeconds = 120;

    /// <param name="clean">The clean signal (one lead).</param>
    /// <param name="normalBeats">Sample indexes of its normal (EC57 class N) beats, to measure S on.</param>
    /// <param name="samplingFrequency">Samples per second.</param>
    /// <param name="kind">Which noise.</param>
    /// <param name="snrDb">Target SNR in the noisy segments, dB.</param>
    /// <param name="seed">Seed of the noise generator.</param>
    /// <param name="protocol">Where the noise goes.</param>
    public static NoisyRecord Apply(ReadOnlySpan<double> clean, IReadOnlyList<long> normalBeats, double samplingFrequency, NoiseKind kind, double snrDb, int seed, NoiseProtocol protocol = NoiseProtocol.Nst)
    {
        if (!double.IsFinite(snrDb) || snrDb < -20 || snrDb > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, "must be within -20..60 dB");
        }

        var noise = NoiseGenerator.Generate(kind, clean.Length, samplingFrequency, seed);
        var pp = NstAmplitude.QrsPeakToPeak(clean, normalBeats, samplingFrequency);
        var rms = NstAmplitude.NoiseRms(noise, samplingFrequency);
        var gain = NstAmplitude.GainFor(pp, rms, snrDb);

        var segments = Segments(clean.Length, samplingFrequency, protocol);
        var output = clean.ToArray();
        var a = 0.0;
        var b = 0.0;
        var next = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var noisy = false;
            while (next < segments.Count && segments[next].End <= i)
            {
                next++;
            }

            if (next < segments.Count && i >= segments[next].Start)
            {
                noisy = true;
            }

            var newGain = noisy ? gain : 0;
            if (newGain != a)
            {
                b += (a - newGain) * noise[i];
                a = newGain;
            }

            output[i] += (a * noise[i]) + b;
        }

        return new NoisyRecord(output, gain, pp, rms, segments);
    }

    public static IReadOnlyList<(long Start, long End)> Segments(long length, double samplingFrequency, NoiseProtocol protocol)
    {
        var start = (long)Math.Round(CleanStartSeconds * samplingFrequency);
        var segment = (long)Math.Round(SegmentSeconds * samplingFrequency);
        var segments = new List<(long, long)>();
        if (protocol == NoiseProtocol.Whole)
        {
            return length > 0 ? [(0, length)] : [];
        }

        if (protocol == NoiseProtocol.Continuous)
        {
            if (start < length)
            {
                segments.Add((start, length));
            }

            return segments;
        }

        for (var s = start; s < length; s += 2 * segment)
        {
            segments.Add((s, Math.Min(length, s + segment)));
        }

        return segments;
    }
}
