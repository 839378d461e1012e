namespace TeleSante.Analysis;

/// <summary>
/// A stretch of samples the detector did not analyse. Beats are never guessed inside it; after it the
/// detector relearns its thresholds (<see cref="QrsDetectorOptions.LearningSeconds"/>) as at the start.
/// </summary>
/// <param name="StartSample">First sample of the segment.</param>
/// <param name="EndSample">First sample after the segment (exclusive).</param>
/// <param name="Reason">Why it was not analysed.</param>
/// <param name="Lead">The lead (0-based) for a single lead of a multi-lead stream that dropped out while others went on;
/// <see cref="AllLeads"/> when the whole stream was unanalysable (always so for a single-lead detector).</param>
public readonly record struct UnanalysableSegment(long StartSample, long EndSample, UnanalysableReason Reason, int Lead)
{
    public const int AllLeads = -1;
}
