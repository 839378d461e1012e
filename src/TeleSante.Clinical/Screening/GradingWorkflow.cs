using TeleSante.Clinical.Practitioners;

namespace TeleSante.Clinical.Screening;

/// <summary>
/// The grading steps of a screening visit: first grading by a grader; a second grading by another grader for every
/// referable result and the configured share of the others (<see cref="SecondGradingPolicy"/>); a disagreement on any
/// eye's R or M grade goes to an arbitration grader who graded neither; the arbiter's grade is final. A final grade is
/// never edited here (a correction would be a new, audited grading with its reason, not an overwrite).
/// </summary>
public static class GradingWorkflow
{
    public static Outcome<VisitGrading> Submit(VisitGrading visit, Practitioner grader, EyeFeatures right, EyeFeatures left, DateTimeOffset at, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(options);

        if (MayGradeNow(visit, grader) is { } refusal)
        {
            return refusal;
        }

        var problems = right.Problems().Select(p => $"right eye: {p}").Concat(left.Problems().Select(p => $"left eye: {p}")).ToList();
        if (problems.Count > 0)
        {
            return new Refusal(RefusalCode.InvalidInput, $"The grading form is inconsistent: {string.Join("; ", problems)}.");
        }

        var grading = new Grading(grader.Id, right, left, GradingRules.GradeVisit(right, left), at);
        return visit.Stage switch
        {
            GradingStage.AwaitingFirstGrading => visit with
            {
                First = grading,
                Stage = SecondGradingPolicy.Requires(visit.VisitId, grading.Grade, options.SecondGradingShare) ? GradingStage.AwaitingSecondGrading : GradingStage.Final,
            },
            GradingStage.AwaitingSecondGrading => AfterSecond(visit, grading),
            _ => visit with { Arbitration = grading, Stage = GradingStage.Final },
        };
    }

    /// <summary>Why <paramref name="grader"/> may not grade the visit at its current step, or null when they may.</summary>
    public static Refusal? MayGradeNow(VisitGrading visit, Practitioner grader)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(grader);
        if (visit.Stage == GradingStage.Final)
        {
            return new Refusal(RefusalCode.GradeFinal, "The visit's grade is final and cannot be edited.");
        }

        var needed = visit.Stage == GradingStage.AwaitingArbitration ? ClinicalRoles.ArbitrationGrader : ClinicalRoles.Grader;
        if (!grader.Has(needed))
        {
            return new Refusal(RefusalCode.WrongRole, visit.Stage == GradingStage.AwaitingArbitration
                ? "Only an arbitration grader may settle a disagreement."
                : "Only a grader may grade screening photographs.");
        }

        return visit.GradedBy(grader.Id)
            ? new Refusal(RefusalCode.OwnGrading, visit.Stage == GradingStage.AwaitingArbitration
                ? "An arbiter cannot settle a disagreement they are part of."
                : "The second grading must be given by another grader.")
            : null;
    }

    private static VisitGrading AfterSecond(VisitGrading visit, Grading second)
    {
        var differences = GradingAgreement.Differences(visit.First!.Grade, second.Grade);
        return visit with
        {
            Second = second,
            Differences = differences,
            Stage = differences.Count == 0 ? GradingStage.Final : GradingStage.AwaitingArbitration,
        };
    }
}
