namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// Thresholds of <see cref="RhythmProposer"/>. The rate limits are the conventional ECG ones (AHA/ACCF/HRS
/// recommendations for the standardisation of ECG interpretation, part II: sinus bradycardia below 60, tachycardia
/// above 100 bpm; wide QRS at 120 ms and more). Every value is checked by <see cref="Validate"/> when a proposer is built.
/// </summary>
public sealed record RhythmProposerOptions
{
    /// <summary>Sinus rate below this is sinus bradycardia, bpm.</summary>
    public double BradycardiaBelowBpm { get; init; } = 60;

    /// <summary>Sinus rate above this is sinus tachycardia, and a wide-QRS rhythm above it is a wide-QRS tachycardia, bpm.</summary>
    public double TachycardiaAboveBpm { get; init; } = 100;

    /// <summary>Sinus cycles in the trailing median that sets each beat's rate category (smooths single long or short
    /// cycles without hiding a sustained change).</summary>
    public int RateMedianBeats { get; init; } = 8;

    /// <summary>A sinus, bradycardia or tachycardia episode shorter than this is merged into its longer neighbour, s
    /// (10 s: one standard resting ECG).</summary>
    public double MinimumEpisodeSeconds { get; init; } = 10;

    /// <summary>Fewest sinus cycles a stretch needs for a sinus statement (a stretch of mostly ventricular beats gets
    /// none).</summary>
    public int MinimumSinusCycles { get; init; } = 4;

    /// <summary>An RR interval longer than this is a pause, s (issue 12: pauses &gt; 2 s).</summary>
    public double PauseSeconds { get; init; } = 2.0;

    /// <summary>AF-suspected windows closer than this are one episode, s (consecutive windows of
    /// <see cref="RhythmWindows.Slide"/> with stride = length are one RR apart).</summary>
    public double AfMergeSeconds { get; init; } = 3.0;

    /// <summary>Fewest AF-suspected windows an episode needs.</summary>
    public int AfMinimumWindows { get; init; } = 1;

    /// <summary>Consecutive ventricular beats from which a sequence is a run (a salvo; two are a couplet).</summary>
    public int RunMinimumBeats { get; init; } = 3;

    /// <summary>Consecutive ventricular/supraventricular alternations from which the pattern is bigeminy.</summary>
    public int BigeminyMinimumCycles { get; init; } = 3;

    /// <summary>A QRS at least this long is wide, ms.</summary>
    public double WideQrsMs { get; init; } = 120;

    /// <summary>Fewest consecutive wide beats for a wide-QRS tachycardia statement.</summary>
    public int WideQrsMinimumBeats { get; init; } = 3;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the first one out of range.</summary>
    public void Validate()
    {
        Check(BradycardiaBelowBpm, 20, 100, nameof(BradycardiaBelowBpm));
        Check(TachycardiaAboveBpm, BradycardiaBelowBpm, 250, nameof(TachycardiaAboveBpm));
        Check(RateMedianBeats, 1, 60, nameof(RateMedianBeats));
        Check(MinimumEpisodeSeconds, 0, 600, nameof(MinimumEpisodeSeconds));
        Check(MinimumSinusCycles, 1, 100, nameof(MinimumSinusCycles));
        Check(PauseSeconds, 1, 10, nameof(PauseSeconds));
        Check(AfMergeSeconds, 0, 60, nameof(AfMergeSeconds));
        Check(AfMinimumWindows, 1, 100, nameof(AfMinimumWindows));
        Check(RunMinimumBeats, 3, 100, nameof(RunMinimumBeats));
        Check(BigeminyMinimumCycles, 2, 100, nameof(BigeminyMinimumCycles));
        Check(WideQrsMs, 80, 250, nameof(WideQrsMs));
        Check(WideQrsMinimumBeats, 2, 100, nameof(WideQrsMinimumBeats));
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be within {min}..{max}");
        }
    }
}
