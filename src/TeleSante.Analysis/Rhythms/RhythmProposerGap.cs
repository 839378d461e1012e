namespace TeleSante.Analysis.Rhythms;

/// <summary>A stretch not analysed (noise, lead off, missing samples), seconds from the start of the signal. No
/// statement covers any part of it and no interval is measured across it.</summary>
/// <param name="StartSeconds">First instant not analysed.</param>
/// <param name="EndSeconds">First instant analysed again.</param>
public readonly record struct RhythmProposerGap(double StartSeconds, double EndSeconds)
{
    /// <summary>The detector's segments in seconds (whole-stream segments only: a single lead dropping out of a
    /// multi-lead stream leaves the beats of the others).</summary>
    public static List<RhythmProposerGap> From(IReadOnlyList<UnanalysableSegment> segments, double sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRateHz, 0);
        var gaps = new List<RhythmProposerGap>(segments.Count);
        foreach (var segment in segments)
        {
            if (segment.Lead == UnanalysableSegment.AllLeads)
            {
                gaps.Add(new RhythmProposerGap(segment.StartSample / sampleRateHz, segment.EndSample / sampleRateHz));
            }
        }

        return gaps;
    }
}
