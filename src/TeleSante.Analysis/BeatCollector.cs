namespace TeleSante.Analysis;

/// <summary>An <see cref="IQrsEventSink"/> that keeps everything in lists (evaluation, tests, the command-line tool).
/// Its lists grow, so it allocates when they do: give it a capacity for allocation-free runs.</summary>
public sealed class BeatCollector(int capacity = 0) : IQrsEventSink
{
    public List<DetectedBeat> Beats { get; } = new(capacity);

    public List<UnanalysableSegment> Unanalysable { get; } = [];

    public void OnBeat(in DetectedBeat beat) => Beats.Add(beat);

    public void OnUnanalysable(in UnanalysableSegment segment) => Unanalysable.Add(segment);
}
