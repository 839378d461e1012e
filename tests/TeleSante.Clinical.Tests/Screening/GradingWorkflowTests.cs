using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Tests.Screening;

public sealed class GradingWorkflowTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly ScreeningOptions NoQualitySample = new() { SecondGradingShare = 0 };
    private static readonly EyeFeatures Clear = new();
    private static readonly EyeFeatures PreProliferative = new() { Irma = true };
    private static readonly EyeFeatures Proliferative = new() { NewVesselsOnDisc = true };

    private static Practitioner Person(string id, ClinicalRoles roles) =>
        new(id, "Durand", "Camille", Rpps.Parse("1000000000" + Rpps.CheckDigit("1000000000")), "orthoptist", "ophthalmology", roles, []);

    private static readonly Practitioner Alice = Person("alice", ClinicalRoles.Grader);
    private static readonly Practitioner Bob = Person("bob", ClinicalRoles.Grader);
    private static readonly Practitioner Arbiter = Person("arbiter", ClinicalRoles.Grader | ClinicalRoles.ArbitrationGrader);

    private static VisitGrading Grade(VisitGrading visit, Practitioner who, EyeFeatures right, EyeFeatures left, ScreeningOptions? options = null)
    {
        var outcome = GradingWorkflow.Submit(visit, who, right, left, At, options ?? NoQualitySample);
        outcome.Succeeded.Should().BeTrue(outcome.Refusal?.ToString());
        return outcome.Value;
    }

    [Fact]
    public void A_non_referable_first_grading_outside_the_sample_is_final()
    {
        var visit = Grade(VisitGrading.Start("v1"), Alice, Clear, Clear);

        visit.Stage.Should().Be(GradingStage.Final);
        visit.Final!.GraderId.Should().Be("alice");
    }

    [Fact]
    public void A_referable_first_grading_waits_for_another_grader_and_agreement_makes_it_final()
    {
        var visit = Grade(VisitGrading.Start("v2"), Alice, PreProliferative, Clear);
        visit.Stage.Should().Be(GradingStage.AwaitingSecondGrading);
        visit.Final.Should().BeNull("nobody may act on a referable grade one grader gave");

        visit = Grade(visit, Bob, PreProliferative with { Microaneurysms = true }, Clear);

        visit.Stage.Should().Be(GradingStage.Final);
        visit.Final!.GraderId.Should().Be("bob");
        visit.Final.Grade.Outcome.Should().Be(ScreeningOutcome.RoutineReferral);
    }

    [Fact]
    public void A_disagreement_goes_to_arbitration_and_the_arbiters_grade_is_final()
    {
        var visit = Grade(VisitGrading.Start("v3"), Alice, PreProliferative, Clear);
        visit = Grade(visit, Bob, Proliferative, Clear);

        visit.Stage.Should().Be(GradingStage.AwaitingArbitration);
        visit.Differences.Select(d => d.ToString()).Should().Equal("right eye retinopathy: R2 vs R3A");

        visit = Grade(visit, Arbiter, Proliferative, Clear);

        visit.Stage.Should().Be(GradingStage.Final);
        visit.Final!.GraderId.Should().Be("arbiter");
        visit.Final.Grade.Outcome.Should().Be(ScreeningOutcome.UrgentReferral);
    }

    [Fact]
    public void The_configured_share_of_non_referable_visits_gets_a_second_grading()
    {
        var everyVisit = new ScreeningOptions { SecondGradingShare = 1.0 };

        Grade(VisitGrading.Start("v4"), Alice, Clear, Clear, everyVisit).Stage.Should().Be(GradingStage.AwaitingSecondGrading);
    }

    [Fact]
    public void A_grader_cannot_give_the_second_grading_of_their_own_first_grading()
    {
        var visit = Grade(VisitGrading.Start("v5"), Alice, PreProliferative, Clear);

        var refused = GradingWorkflow.Submit(visit, Alice, PreProliferative, Clear, At, NoQualitySample);

        refused.Refusal!.Code.Should().Be(RefusalCode.OwnGrading);
    }

    [Fact]
    public void An_arbiter_cannot_settle_a_disagreement_they_are_part_of()
    {
        var visit = Grade(VisitGrading.Start("v6"), Arbiter, PreProliferative, Clear);
        visit = Grade(visit, Bob, Proliferative, Clear);

        GradingWorkflow.Submit(visit, Arbiter, Proliferative, Clear, At, NoQualitySample).Refusal!.Code.Should().Be(RefusalCode.OwnGrading);
    }

    [Fact]
    public void Arbitration_needs_the_arbitration_role_and_grading_needs_the_grader_role()
    {
        var visit = Grade(VisitGrading.Start("v7"), Alice, PreProliferative, Clear);
        visit = Grade(visit, Bob, Proliferative, Clear);
        var carol = Person("carol", ClinicalRoles.Grader);
        var specialist = Person("dr", ClinicalRoles.Specialist);

        GradingWorkflow.Submit(visit, carol, Proliferative, Clear, At, NoQualitySample).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
        GradingWorkflow.Submit(VisitGrading.Start("v8"), specialist, Clear, Clear, At, NoQualitySample).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
    }

    [Fact]
    public void A_final_grade_cannot_be_edited()
    {
        var visit = Grade(VisitGrading.Start("v9"), Alice, Clear, Clear);

        GradingWorkflow.Submit(visit, Bob, Proliferative, Clear, At, NoQualitySample).Refusal!.Code.Should().Be(RefusalCode.GradeFinal);
    }

    [Fact]
    public void An_inconsistent_form_is_refused_naming_the_eye()
    {
        var refused = GradingWorkflow.Submit(VisitGrading.Start("v10"), Alice, Clear, Clear with { GroupOfExudatesInMacula = true }, At, NoQualitySample);

        refused.Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
        refused.Refusal.Detail.Should().Contain("left eye: a macular exudate is recorded but exudates are not");
    }
}
