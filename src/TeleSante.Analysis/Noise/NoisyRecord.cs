namespace TeleSante.Analysis.Noise;

/// <summary>A clean signal with noise added by <see cref="NoiseStressTest"/>.</summary>
/// <param name="Samples">The noisy signal, in the clean signal's units.</param>
/// <param name="Gain">The gain a applied to the generated noise in the noisy segments.</param>
/// <param name="QrsPeakToPeak">The clean signal's QRS amplitude estimate (S = pp² / 8).</param>
/// <param name="NoiseRms">The generated noise's RMS estimate before the gain (N = rms²).</param>
/// <param name="NoisySegments">[start, end) sample ranges where noise was added.</param>
public sealed record NoisyRecord(double[] Samples, double Gain, double QrsPeakToPeak, double NoiseRms, IReadOnlyList<(long Start, long End)> NoisySegments);
