namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// A rhythm statement the service proposes to the cardiologist, who confirms or edits it: what (its code), when (its
/// span, seconds from the start of the analysed signal) and why (the numbers it rests on). Never spans an unanalysable
/// segment.
/// </summary>
/// <param name="Code">The statement.</param>
/// <param name="StartSeconds">Start of the span: the fiducial point of its first beat (a pause: the beat before it).</param>
/// <param name="EndSeconds">End of the span: the fiducial point of its last beat.</param>
/// <param name="Evidence">The numbers behind it.</param>
public sealed record RhythmStatement(RhythmStatementCode Code, double StartSeconds, double EndSeconds, IReadOnlyList<RhythmStatementEvidence> Evidence)
{
    /// <summary>The value of the evidence named <paramref name="name"/>, or null when the statement has none.</summary>
    public double? Find(string name)
    {
        foreach (var item in Evidence)
        {
            if (item.Name == name)
            {
                return item.Value;
            }
        }

        return null;
    }

    /// <summary>Length of the span, seconds.</summary>
    public double DurationSeconds => EndSeconds - StartSeconds;
}
