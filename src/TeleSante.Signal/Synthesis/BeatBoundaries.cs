namespace TeleSante.Signal.Synthesis;

/// <summary>The true wave boundaries of one generated beat, in samples from the start (rounded to the nearest
/// sample). The waves are exactly zero outside them, in every lead.</summary>
/// <param name="RPeak">The beat's time (the R wave's peak): the instant <see cref="SyntheticEcg.RPeakTimes"/> reports.</param>
/// <param name="POnset">Null when the beat has no P wave (ventricular ectopic beat, atrial fibrillation).</param>
/// <param name="Ectopic">A premature ventricular beat (wide QRS, no P, discordant T).</param>
public readonly record struct BeatBoundaries(long RPeak, long? POnset, long? POffset, long QrsOnset, long QrsOffset, long TOffset, bool Ectopic);
