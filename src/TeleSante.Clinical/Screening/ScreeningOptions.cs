using System.ComponentModel.DataAnnotations;

namespace TeleSante.Clinical.Screening;

/// <summary>Recall intervals, outcome deadlines and second-grading share of a screening programme (section
/// "Screening"). Validated at start-up.</summary>
public sealed class ScreeningOptions : IValidatableObject
{
    public const string Section = "Screening";

    /// <summary>Months until the next screening after a non-referable result.</summary>
    public int RescreenIntervalMonths { get; set; } = 12;

    /// <summary>Months until the next screening once the last <see cref="NoRetinopathyResultsForExtendedInterval"/>
    /// results all showed no retinopathy in either eye (the UK's extended interval for low-risk patients).</summary>
    public int ExtendedRescreenIntervalMonths { get; set; } = 24;

    /// <summary>How many consecutive results with no retinopathy earn the extended interval.</summary>
    public int NoRetinopathyResultsForExtendedInterval { get; set; } = 2;

    /// <summary>An urgent referral (R3A) must be seen by an eye clinic within this time of grading.</summary>
    public TimeSpan UrgentReferralDeadline { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A routine referral (R2, R3S, M1) must be seen within this time of grading (13 weeks).</summary>
    public TimeSpan RoutineReferralDeadline { get; set; } = TimeSpan.FromDays(91);

    /// <summary>A technical failure must be re-imaged (or examined another way) within this time of grading.</summary>
    public TimeSpan ReimageDeadline { get; set; } = TimeSpan.FromDays(28);

    /// <summary>Share of non-referable visits that get a second grading as quality assurance (referable visits
    /// always do), 0 to 1.</summary>
    public double SecondGradingShare { get; set; } = 0.10;

    public TimeSpan Deadline(ScreeningOutcome outcome) => outcome switch
    {
        ScreeningOutcome.UrgentReferral => UrgentReferralDeadline,
        ScreeningOutcome.RoutineReferral => RoutineReferralDeadline,
        ScreeningOutcome.TechnicalFailure => ReimageDeadline,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A rescreen has a recall date, not a deadline."),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RescreenIntervalMonths is < 1 or > 60)
        {
            yield return new ValidationResult($"{Section}:{nameof(RescreenIntervalMonths)} must be 1 to 60 (was {RescreenIntervalMonths}).", [nameof(RescreenIntervalMonths)]);
        }

        if (ExtendedRescreenIntervalMonths < RescreenIntervalMonths || ExtendedRescreenIntervalMonths > 60)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(ExtendedRescreenIntervalMonths)} must be between {nameof(RescreenIntervalMonths)} and 60 (was {ExtendedRescreenIntervalMonths}).",
                [nameof(ExtendedRescreenIntervalMonths)]);
        }

        if (NoRetinopathyResultsForExtendedInterval is < 1 or > 10)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(NoRetinopathyResultsForExtendedInterval)} must be 1 to 10 (was {NoRetinopathyResultsForExtendedInterval}).",
                [nameof(NoRetinopathyResultsForExtendedInterval)]);
        }

        foreach (var (name, value) in new[] { (nameof(UrgentReferralDeadline), UrgentReferralDeadline), (nameof(RoutineReferralDeadline), RoutineReferralDeadline), (nameof(ReimageDeadline), ReimageDeadline) })
        {
            if (value < TimeSpan.FromDays(1) || value > TimeSpan.FromDays(365))
            {
                yield return new ValidationResult($"{Section}:{name} must be between 1 and 365 days (was {value}).", [name]);
            }
        }

        if (UrgentReferralDeadline > RoutineReferralDeadline)
        {
            yield return new ValidationResult($"{Section}: {nameof(UrgentReferralDeadline)} must not be later than {nameof(RoutineReferralDeadline)}.",
                [nameof(UrgentReferralDeadline), nameof(RoutineReferralDeadline)]);
        }

        if (double.IsNaN(SecondGradingShare) || SecondGradingShare is < 0 or > 1)
        {
            yield return new ValidationResult($"{Section}:{nameof(SecondGradingShare)} must be between 0 and 1 (was {SecondGradingShare}).", [nameof(SecondGradingShare)]);
        }
    }
}
