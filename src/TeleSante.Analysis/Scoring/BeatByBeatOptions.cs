namespace TeleSante.Analysis.Scoring;

/// <summary>The EC57 comparison's parameters, at the standard's values by default.</summary>
public sealed record BeatByBeatOptions
{
    /// <summary>A detected beat matches a reference beat at most this far away, s (EC57: 150 ms).</summary>
    public double MatchWindowSeconds { get; init; } = 0.150;

    /// <summary>Beats before this time are not counted: the detector's learning period (EC57: the first 5 minutes).</summary>
    public double LearningPeriodSeconds { get; init; } = 300;

    public void Validate()
    {
        if (!(MatchWindowSeconds > 0 && MatchWindowSeconds <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MatchWindowSeconds), MatchWindowSeconds, "must be within (0, 1] s");
        }

        if (!(LearningPeriodSeconds >= 0) || !double.IsFinite(LearningPeriodSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningPeriodSeconds), LearningPeriodSeconds, "must be a non-negative number of seconds");
        }
    }
}
