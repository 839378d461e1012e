using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Tests.Screening;

public sealed class SecondGradingTests
{
    private static readonly VisitGrade Clear = GradingRules.GradeVisit(new EyeFeatures(), new EyeFeatures());

    [Fact]
    public void Every_referable_visit_is_graded_twice_whatever_the_share()
    {
        var referable = GradingRules.GradeVisit(new EyeFeatures { Irma = true }, new EyeFeatures());

        Enumerable.Range(0, 200).Should().OnlyContain(i => SecondGradingPolicy.Requires($"visit-{i}", referable, 0.0));
    }

    [Fact]
    public void The_configured_share_of_other_visits_is_graded_twice_and_the_choice_is_stable()
    {
        var chosen = Enumerable.Range(0, 5000).Count(i => SecondGradingPolicy.Requires($"visit-{i}", Clear, 0.10));

        chosen.Should().BeInRange(430, 570, "10 % of 5000 visits, within sampling spread");
        SecondGradingPolicy.Requires("visit-42", Clear, 0.10).Should().Be(SecondGradingPolicy.Requires("visit-42", Clear, 0.10));
        Enumerable.Range(0, 500).Should().NotContain(i => SecondGradingPolicy.Requires($"visit-{i}", Clear, 0.0));
        Enumerable.Range(0, 500).Should().OnlyContain(i => SecondGradingPolicy.Requires($"visit-{i}", Clear, 1.0));
    }

    [Fact]
    public void A_different_r_or_m_grade_goes_to_arbitration_and_says_where()
    {
        var first = GradingRules.GradeVisit(new EyeFeatures { Microaneurysms = true }, new EyeFeatures());
        var second = GradingRules.GradeVisit(new EyeFeatures { Haemorrhages = HaemorrhageExtent.MultipleBlot }, new EyeFeatures { Haemorrhages = HaemorrhageExtent.Present, BlotHaemorrhagesInMacula = true });

        GradingAgreement.Differences(first, second).Select(d => d.ToString()).Should().Equal(
            "right eye retinopathy: R1 vs R2", "left eye retinopathy: R0 vs R1", "left eye maculopathy: M0 vs M1");
    }

    [Fact]
    public void Features_that_change_no_r_or_m_grade_are_not_a_disagreement()
    {
        var first = GradingRules.GradeVisit(new EyeFeatures { Microaneurysms = true }, new EyeFeatures());
        var second = GradingRules.GradeVisit(new EyeFeatures { Microaneurysms = true, Haemorrhages = HaemorrhageExtent.Present, CottonWoolSpots = true }, new EyeFeatures());

        first.Right.Icdr.Should().NotBe(second.Right.Icdr);
        GradingAgreement.Differences(first, second).Should().BeEmpty();
    }
}
