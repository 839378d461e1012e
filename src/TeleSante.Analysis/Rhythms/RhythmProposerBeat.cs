namespace TeleSante.Analysis.Rhythms;

/// <summary>One beat as <see cref="RhythmProposer"/> reads it.</summary>
/// <param name="Seconds">Fiducial point, seconds from the start of the signal.</param>
/// <param name="RrSeconds">Interval from the previous beat; null for the first beat of a run (start, or after a gap):
/// no interval is measured across a gap.</param>
/// <param name="Class">Beat class (<see cref="BeatClass.Unknown"/> counts as supraventricular: without a classifier every
/// beat is taken as conducted, and ectopy is simply not reported).</param>
/// <param name="QrsMs">QRS duration of this beat when measured, ms; null when unknown (no wide-QRS statement then).</param>
public readonly record struct RhythmProposerBeat(double Seconds, double? RrSeconds, BeatClass Class, double? QrsMs = null)
{
    /// <summary>The detector's beats, each with the QRS duration <paramref name="qrsMs"/> gives for it (null: unknown).</summary>
    public static List<RhythmProposerBeat> From(IReadOnlyList<DetectedBeat> beats, Func<DetectedBeat, double?>? qrsMs = null)
    {
        var list = new List<RhythmProposerBeat>(beats.Count);
        foreach (var beat in beats)
        {
            list.Add(new RhythmProposerBeat(beat.Seconds, beat.RrSeconds, beat.Class, qrsMs?.Invoke(beat)));
        }

        return list;
    }
}
