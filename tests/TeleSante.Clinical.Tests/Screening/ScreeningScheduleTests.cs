using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Tests.Screening;

public sealed class ScreeningScheduleTests
{
    private static readonly ScreeningOptions Options = new();
    private static readonly DateOnly ScreenedOn = new(2026, 3, 10);
    private static readonly DateTimeOffset GradedAt = new(2026, 3, 17, 9, 30, 0, TimeSpan.Zero);

    private static VisitGrade NoRetinopathy => GradingRules.GradeVisit(new EyeFeatures(), new EyeFeatures());

    private static VisitGrade Background => GradingRules.GradeVisit(new EyeFeatures { Microaneurysms = true }, new EyeFeatures());

    [Fact]
    public void A_first_result_with_no_retinopathy_is_recalled_at_the_standard_interval()
    {
        var recall = ScreeningSchedule.Next(ScreenedOn, GradedAt, NoRetinopathy, [], Options);

        recall.NextScreeningDue.Should().Be(new DateOnly(2027, 3, 10));
        recall.ActionDeadline.Should().BeNull();
        recall.Rule.Should().StartWith("12 months");
    }

    [Fact]
    public void Two_consecutive_results_with_no_retinopathy_earn_the_extended_interval()
    {
        var recall = ScreeningSchedule.Next(ScreenedOn, GradedAt, NoRetinopathy, [Background, NoRetinopathy], Options);

        recall.NextScreeningDue.Should().Be(new DateOnly(2028, 3, 10));
        recall.Rule.Should().Be("24 months: 2 consecutive results with no retinopathy");
    }

    [Fact]
    public void Retinopathy_in_between_resets_the_count()
    {
        ScreeningSchedule.Next(ScreenedOn, GradedAt, NoRetinopathy, [NoRetinopathy, Background], Options)
            .NextScreeningDue.Should().Be(new DateOnly(2027, 3, 10));
        ScreeningSchedule.Next(ScreenedOn, GradedAt, Background, [NoRetinopathy, NoRetinopathy], Options)
            .NextScreeningDue.Should().Be(new DateOnly(2027, 3, 10));
    }

    [Fact]
    public void The_intervals_come_from_configuration()
    {
        var options = new ScreeningOptions { RescreenIntervalMonths = 6, ExtendedRescreenIntervalMonths = 36, NoRetinopathyResultsForExtendedInterval = 3 };

        ScreeningSchedule.Next(ScreenedOn, GradedAt, NoRetinopathy, [NoRetinopathy], options).NextScreeningDue.Should().Be(new DateOnly(2026, 9, 10));
        ScreeningSchedule.Next(ScreenedOn, GradedAt, NoRetinopathy, [NoRetinopathy, NoRetinopathy], options).NextScreeningDue.Should().Be(new DateOnly(2029, 3, 10));
    }

    [Theory]
    [InlineData(ScreeningOutcome.UrgentReferral, 14)]
    [InlineData(ScreeningOutcome.RoutineReferral, 91)]
    [InlineData(ScreeningOutcome.TechnicalFailure, 28)]
    public void A_referral_or_a_reimage_gets_a_deadline_from_the_grading_not_a_recall(ScreeningOutcome outcome, int days)
    {
        var right = outcome switch
        {
            ScreeningOutcome.UrgentReferral => new EyeFeatures { NewVesselsOnDisc = true },
            ScreeningOutcome.RoutineReferral => new EyeFeatures { Irma = true },
            _ => new EyeFeatures { Ungradable = true },
        };

        var recall = ScreeningSchedule.Next(ScreenedOn, GradedAt, GradingRules.GradeVisit(right, new EyeFeatures()), [], Options);

        recall.Outcome.Should().Be(outcome);
        recall.NextScreeningDue.Should().BeNull();
        recall.ActionDeadline.Should().Be(GradedAt.AddDays(days));
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_start_up()
    {
        var bad = new ScreeningOptions
        {
            RescreenIntervalMonths = 0,
            ExtendedRescreenIntervalMonths = 12,
            UrgentReferralDeadline = TimeSpan.FromDays(100),
            RoutineReferralDeadline = TimeSpan.FromDays(91),
            SecondGradingShare = 1.5,
        };

        var errors = bad.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(bad)).Select(e => e.ErrorMessage).ToList();

        errors.Should().Contain(e => e!.Contains("RescreenIntervalMonths"));
        errors.Should().Contain(e => e!.Contains("UrgentReferralDeadline must not be later"));
        errors.Should().Contain(e => e!.Contains("SecondGradingShare"));
        new ScreeningOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(bad)).Should().BeEmpty();
    }
}
