namespace TeleSante.Analysis;

/// <summary>One beat found by <see cref="QrsDetector"/>.</summary>
/// <param name="SampleIndex">The beat's fiducial point (its largest deflection, the R or QS peak), in samples from the start of the stream.</param>
/// <param name="Seconds">The same instant in seconds.</param>
/// <param name="RrSeconds">Time since the previous beat's fiducial point; null for the first beat of the stream and the first after an unanalysable segment (no RR is measured across a gap).</param>
/// <param name="Class">The beat's class; <see cref="BeatClass.Unknown"/> until a classifier runs.</param>
/// <param name="DetectedAtSample">The sample whose processing emitted the beat: <c>DetectedAtSample - SampleIndex</c> is the detection delay.</param>
public readonly record struct DetectedBeat(long SampleIndex, double Seconds, double? RrSeconds, BeatClass Class, long DetectedAtSample);
