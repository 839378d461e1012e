using TeleSante.Analysis;

namespace TeleSante.Analysis.Service;

/// <summary>One beat of a stream, timed on the device's clock.</summary>
/// <param name="TimeNs">The beat's fiducial point (R or QS peak), ns since epoch.</param>
/// <param name="RrMs">Time since the previous beat, ms; null for the first beat of a run (after a start, a gap or an unanalysable segment).</param>
/// <param name="Class">AAMI EC57 class; N, S or V from the beat model, Q in a stretch marked noisy; <see cref="BeatClass.Unknown"/> when no beat model is configured.</param>
/// <param name="QrsMs">QRS duration measured on this beat (<see cref="Beats.QrsDurationEstimator"/>, one lead), ms; null when
/// not measured (noise, a missing sample, samples no longer kept).</param>
public readonly record struct AnalysedBeat(long TimeNs, double? RrMs, BeatClass Class, double? QrsMs = null);
