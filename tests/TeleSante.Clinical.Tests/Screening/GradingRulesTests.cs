using TeleSante.Clinical.Screening;
using static TeleSante.Clinical.Screening.IcdrSeverity;
using static TeleSante.Clinical.Screening.MacularOedema;
using static TeleSante.Clinical.Screening.ScreeningOutcome;

namespace TeleSante.Clinical.Tests.Screening;

public sealed class GradingRulesTests
{
    private static readonly EyeFeatures Clear = new();

    // Each row: one feature, or one combination where a rule's precedence decides. Expected: code (R, M, P),
    // ICDR, macular oedema, outcome.
    public static TheoryData<string, EyeFeatures, string, IcdrSeverity, MacularOedema, ScreeningOutcome> Table => new()
    {
        { "nothing seen", Clear, "R0M0", NoApparentRetinopathy, Absent, Rescreen },
        { "microaneurysms", Clear with { Microaneurysms = true }, "R1M0", MildNonProliferative, Absent, Rescreen },
        { "a few haemorrhages", Clear with { Haemorrhages = HaemorrhageExtent.Present }, "R1M0", ModerateNonProliferative, Absent, Rescreen },
        { "exudates alone are not retinopathy", Clear with { Exudates = true }, "R0M0", ModerateNonProliferative, Absent, Rescreen },
        { "cotton-wool spots alone are not retinopathy", Clear with { CottonWoolSpots = true }, "R0M0", ModerateNonProliferative, Absent, Rescreen },
        { "exudates beside microaneurysms", Clear with { Microaneurysms = true, Exudates = true }, "R1M0", ModerateNonProliferative, Absent, Rescreen },
        { "cotton-wool spots beside haemorrhages", Clear with { Haemorrhages = HaemorrhageExtent.Present, CottonWoolSpots = true }, "R1M0", ModerateNonProliferative, Absent, Rescreen },
        { "multiple blot haemorrhages", Clear with { Haemorrhages = HaemorrhageExtent.MultipleBlot }, "R2M0", ModerateNonProliferative, Absent, RoutineReferral },
        { "venous beading, one quadrant", Clear with { VenousBeadingOrReduplication = true, VenousBeadingQuadrants = 1 }, "R2M0", ModerateNonProliferative, Absent, RoutineReferral },
        { "venous beading, two quadrants (4-2-1)", Clear with { VenousBeadingOrReduplication = true, VenousBeadingQuadrants = 2 }, "R2M0", SevereNonProliferative, Absent, RoutineReferral },
        { "venous reduplication, quadrants not counted", Clear with { VenousBeadingOrReduplication = true }, "R2M0", ModerateNonProliferative, Absent, RoutineReferral },
        { "IRMA", Clear with { Irma = true }, "R2M0", SevereNonProliferative, Absent, RoutineReferral },
        { "haemorrhages in four quadrants (4-2-1)", Clear with { Haemorrhages = HaemorrhageExtent.Present, HaemorrhagesInAllFourQuadrants = true }, "R1M0", SevereNonProliferative, Absent, Rescreen },
        { "new vessels on the disc", Clear with { NewVesselsOnDisc = true }, "R3AM0", Proliferative, Absent, UrgentReferral },
        { "new vessels elsewhere", Clear with { NewVesselsElsewhere = true }, "R3AM0", Proliferative, Absent, UrgentReferral },
        { "pre-retinal or vitreous haemorrhage", Clear with { PreretinalOrVitreousHaemorrhage = true }, "R3AM0", Proliferative, Absent, UrgentReferral },
        { "tractional detachment", Clear with { TractionalDetachment = true }, "R3AM0", Proliferative, Absent, UrgentReferral },
        { "peripheral laser scars, stable", Clear with { LaserScars = LaserScars.Peripheral }, "R3SM0P", NoApparentRetinopathy, Absent, RoutineReferral },
        { "peripheral laser scars with new vessels: reactivation", Clear with { LaserScars = LaserScars.Peripheral, NewVesselsElsewhere = true }, "R3AM0P", Proliferative, Absent, UrgentReferral },
        { "peripheral laser scars over pre-proliferative features", Clear with { LaserScars = LaserScars.Peripheral, Irma = true }, "R3SM0P", SevereNonProliferative, Absent, RoutineReferral },
        { "macular laser scars change no R grade", Clear with { LaserScars = LaserScars.MacularOnly, Microaneurysms = true }, "R1M0P", MildNonProliferative, Absent, Rescreen },
        { "exudate within one disc diameter of the fovea", Clear with { Microaneurysms = true, Exudates = true, ExudateWithinOneDiscDiameterOfFovea = true }, "R1M1", ModerateNonProliferative, PresentNearCentre, RoutineReferral },
        { "group of exudates in the macula", Clear with { Microaneurysms = true, Exudates = true, GroupOfExudatesInMacula = true }, "R1M1", ModerateNonProliferative, PresentAwayFromCentre, RoutineReferral },
        { "both macular exudate features: the nearer decides oedema", Clear with { Exudates = true, GroupOfExudatesInMacula = true, ExudateWithinOneDiscDiameterOfFovea = true }, "R0M1", ModerateNonProliferative, PresentNearCentre, RoutineReferral },
        { "blot haemorrhages in the macula", Clear with { Haemorrhages = HaemorrhageExtent.Present, BlotHaemorrhagesInMacula = true }, "R1M1", ModerateNonProliferative, Absent, RoutineReferral },
        { "maculopathy beside active proliferative retinopathy", Clear with { NewVesselsOnDisc = true, Exudates = true, ExudateWithinOneDiscDiameterOfFovea = true }, "R3AM1", Proliferative, PresentNearCentre, UrgentReferral },
        { "ungradable", Clear with { Ungradable = true }, "UU", IcdrSeverity.Ungradable, MacularOedema.Ungradable, TechnicalFailure },
        { "ungradable with background features seen: still U", Clear with { Ungradable = true, Microaneurysms = true }, "UU", IcdrSeverity.Ungradable, MacularOedema.Ungradable, TechnicalFailure },
        { "ungradable with laser scars: U, stability cannot be judged", Clear with { Ungradable = true, LaserScars = LaserScars.Peripheral }, "UUP", IcdrSeverity.Ungradable, MacularOedema.Ungradable, TechnicalFailure },
        { "ungradable but new vessels seen: referred, not re-imaged", Clear with { Ungradable = true, NewVesselsOnDisc = true }, "R3AU", Proliferative, MacularOedema.Ungradable, UrgentReferral },
        { "ungradable but IRMA seen", Clear with { Ungradable = true, Irma = true }, "R2U", SevereNonProliferative, MacularOedema.Ungradable, RoutineReferral },
        { "ungradable periphery, macular exudate seen", Clear with { Ungradable = true, Exudates = true, ExudateWithinOneDiscDiameterOfFovea = true }, "UM1", IcdrSeverity.Ungradable, PresentNearCentre, RoutineReferral },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Features_decide_the_grades_and_the_outcome(string because, EyeFeatures features, string code, IcdrSeverity icdr, MacularOedema oedema, ScreeningOutcome outcome)
    {
        var grade = GradingRules.GradeEye(features);

        grade.Code.Should().Be(code, because);
        grade.Icdr.Should().Be(icdr, because);
        grade.Oedema.Should().Be(oedema, because);
        grade.Outcome.Should().Be(outcome, because);
    }

    [Fact]
    public void The_evidence_names_the_features_that_decided_the_grade()
    {
        var grade = GradingRules.GradeEye(Clear with { Irma = true, Microaneurysms = true, Exudates = true, GroupOfExudatesInMacula = true });

        grade.Evidence.Should().Equal("IRMA", "group of exudates in the macula");
    }

    [Fact]
    public void The_visit_takes_the_more_urgent_eye()
    {
        var right = Clear with { Microaneurysms = true };
        var left = Clear with { Ungradable = true };

        GradingRules.GradeVisit(right, left).Outcome.Should().Be(TechnicalFailure);
        GradingRules.GradeVisit(Clear with { NewVesselsElsewhere = true }, left).Outcome.Should().Be(UrgentReferral);
        GradingRules.GradeVisit(Clear, Clear with { Irma = true }).Should().Match<VisitGrade>(v => v.Outcome == RoutineReferral && v.Referable);
        GradingRules.GradeVisit(Clear, Clear).Should().Match<VisitGrade>(v => v.Outcome == Rescreen && v.NoRetinopathy && !v.Referable);
    }

    [Theory]
    [InlineData("beading quadrants without beading")]
    [InlineData("macular exudate without exudates")]
    [InlineData("macular blot haemorrhages without haemorrhages")]
    [InlineData("five quadrants")]
    public void An_inconsistent_form_is_refused_with_its_contradiction(string contradiction)
    {
        var features = contradiction switch
        {
            "beading quadrants without beading" => Clear with { VenousBeadingQuadrants = 2 },
            "macular exudate without exudates" => Clear with { ExudateWithinOneDiscDiameterOfFovea = true },
            "macular blot haemorrhages without haemorrhages" => Clear with { BlotHaemorrhagesInMacula = true },
            _ => Clear with { VenousBeadingOrReduplication = true, VenousBeadingQuadrants = 5 },
        };

        features.Problems().Should().ContainSingle();
        var grading = () => GradingRules.GradeEye(features);
        grading.Should().Throw<ArgumentException>().WithMessage("The grading form is inconsistent: *");
    }

    [Fact]
    public void Seeing_more_never_makes_a_gradable_eye_less_urgent()
    {
        // Every consistent form of a gradable eye: adding any one feature keeps or raises the outcome's urgency.
        // (Ungradable is left out on purpose: it turns a stable R3S eye into a re-image, which is the rule.)
        var checkedForms = 0;
        foreach (var form in AllGradableForms())
        {
            var outcome = GradingRules.GradeEye(form).Outcome;
            foreach (var more in OneMoreFeature(form))
            {
                if (more.Problems().Count == 0)
                {
                    ((int)GradingRules.GradeEye(more).Outcome).Should().BeGreaterThanOrEqualTo((int)outcome, "adding a feature to {0}", form);
                    checkedForms++;
                }
            }
        }

        checkedForms.Should().BeGreaterThan(10_000);
    }

    private static IEnumerable<EyeFeatures> AllGradableForms()
    {
        for (var bits = 0; bits < 1 << 10; bits++)
        {
            foreach (var haemorrhages in Enum.GetValues<HaemorrhageExtent>())
            {
                foreach (var laser in Enum.GetValues<LaserScars>())
                {
                    var f = new EyeFeatures
                    {
                        Microaneurysms = (bits & 1) != 0,
                        Exudates = (bits & 2) != 0,
                        CottonWoolSpots = (bits & 4) != 0,
                        VenousBeadingOrReduplication = (bits & 8) != 0,
                        Irma = (bits & 16) != 0,
                        NewVesselsOnDisc = (bits & 32) != 0,
                        PreretinalOrVitreousHaemorrhage = (bits & 64) != 0,
                        ExudateWithinOneDiscDiameterOfFovea = (bits & 128) != 0,
                        BlotHaemorrhagesInMacula = (bits & 256) != 0,
                        TractionalDetachment = (bits & 512) != 0,
                        Haemorrhages = haemorrhages,
                        LaserScars = laser,
                    };
                    if (f.Problems().Count == 0)
                    {
                        yield return f;
                    }
                }
            }
        }
    }

    private static IEnumerable<EyeFeatures> OneMoreFeature(EyeFeatures f)
    {
        yield return f with { Microaneurysms = true };
        yield return f with { Haemorrhages = f.Haemorrhages == HaemorrhageExtent.None ? HaemorrhageExtent.Present : HaemorrhageExtent.MultipleBlot };
        yield return f with { Exudates = true, GroupOfExudatesInMacula = true };
        yield return f with { CottonWoolSpots = true };
        yield return f with { VenousBeadingOrReduplication = true };
        yield return f with { Irma = true };
        yield return f with { NewVesselsElsewhere = true };
        yield return f with { PreretinalOrVitreousHaemorrhage = true };
        yield return f with { TractionalDetachment = true };
        yield return f with { LaserScars = LaserScars.Peripheral };
    }
}
