using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Tests.Screening;

public sealed class CohenKappaTests
{
    private static IEnumerable<(string, string)> Table(int yesYes, int yesNo, int noYes, int noNo) =>
        Enumerable.Repeat(("yes", "yes"), yesYes).Concat(Enumerable.Repeat(("yes", "no"), yesNo))
            .Concat(Enumerable.Repeat(("no", "yes"), noYes)).Concat(Enumerable.Repeat(("no", "no"), noNo));

    [Fact]
    public void Kappa_matches_a_hand_computed_two_by_two_table()
    {
        // 50 pairs: p_o = (20 + 15) / 50 = 0.70; p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.50; κ = 0.2 / 0.5 = 0.40.
        var result = CohenKappa.Compute(Table(20, 5, 10, 15));

        result.Pairs.Should().Be(50);
        result.ObservedAgreement.Should().BeApproximately(0.70, 1e-12);
        result.ExpectedAgreement.Should().BeApproximately(0.50, 1e-12);
        result.Kappa.Should().BeApproximately(0.40, 1e-12);
    }

    [Fact]
    public void Perfect_agreement_is_one_and_systematic_disagreement_is_negative()
    {
        CohenKappa.Compute(Table(10, 0, 0, 7)).Kappa.Should().BeApproximately(1.0, 1e-12);
        CohenKappa.Compute(Table(0, 10, 10, 0)).Kappa.Should().BeApproximately(-1.0, 1e-12);
    }

    [Fact]
    public void Kappa_is_undefined_without_pairs_or_with_a_single_category()
    {
        CohenKappa.Compute(Table(0, 0, 0, 0)).Kappa.Should().BeNull();
        CohenKappa.Compute(Table(12, 0, 0, 0)).Kappa.Should().BeNull("both graders always said yes: agreement tells nothing");
    }

    [Fact]
    public void Each_grader_is_scored_against_the_other_grader_of_the_visits_they_shared()
    {
        var r0 = GradingRules.GradeVisit(new EyeFeatures(), new EyeFeatures());
        var r1 = GradingRules.GradeVisit(new EyeFeatures { Microaneurysms = true }, new EyeFeatures { Microaneurysms = true });
        var gradings = new[]
        {
            new DoubleGrading("alice", r0, "bob", r0),
            new DoubleGrading("alice", r1, "bob", r1),
            new DoubleGrading("carol", r1, "bob", r0),
            new DoubleGrading("carol", r0, "bob", r1),
        };

        var perGrader = GraderAgreement.PerGrader(gradings);

        perGrader["alice"].Kappa.Should().BeApproximately(1.0, 1e-12);
        perGrader["carol"].Kappa.Should().BeApproximately(-1.0, 1e-12);
        perGrader["bob"].Pairs.Should().Be(8, "four visits, two eyes each");
        perGrader["bob"].ObservedAgreement.Should().BeApproximately(0.5, 1e-12);
    }
}
