namespace TeleSante.Clinical.Screening;

/// <summary>A screening visit's gradings so far. <see cref="Final"/> is set once the stage is final: the first
/// grading when no second one was required, the second when the two agree, the arbiter's otherwise.</summary>
public sealed record VisitGrading(
    string VisitId,
    GradingStage Stage,
    Grading? First,
    Grading? Second,
    Grading? Arbitration,
    IReadOnlyList<GradingDifference> Differences)
{
    public static VisitGrading Start(string visitId) => new(visitId, GradingStage.AwaitingFirstGrading, null, null, null, []);

    public Grading? Final => Stage != GradingStage.Final ? null : Arbitration ?? Second ?? First;

    /// <summary>Whether the practitioner already graded this visit at some stage.</summary>
    public bool GradedBy(string practitionerId) =>
        First?.GraderId == practitionerId || Second?.GraderId == practitionerId || Arbitration?.GraderId == practitionerId;
}
