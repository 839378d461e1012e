using System.ComponentModel.DataAnnotations;

namespace TeleSante.Clinical.Requests;

/// <summary>Due times per priority and expiry (section "TeleExpertise"). Validated at start-up: each delay between
/// 1 minute and 90 days, urgent ≤ semi-urgent ≤ routine.</summary>
public sealed class TeleExpertiseOptions : IValidatableObject
{
    public const string Section = "TeleExpertise";

    private static readonly TimeSpan Min = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Max = TimeSpan.FromDays(90);

    /// <summary>An urgent request is due this long after submission.</summary>
    public TimeSpan UrgentDue { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A semi-urgent request is due this long after submission.</summary>
    public TimeSpan SemiUrgentDue { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A routine request is due this long after submission.</summary>
    public TimeSpan RoutineDue { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A submitted request nobody accepted expires this long after its due time (0 to 90 days), so the
    /// requester learns to send the patient elsewhere.</summary>
    public TimeSpan ExpiryGrace { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan DueAfter(Priority priority) => priority switch
    {
        Priority.Urgent => UrgentDue,
        Priority.SemiUrgent => SemiUrgentDue,
        Priority.Routine => RoutineDue,
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(UrgentDue), UrgentDue), (nameof(SemiUrgentDue), SemiUrgentDue), (nameof(RoutineDue), RoutineDue) })
        {
            if (value < Min || value > Max)
            {
                yield return new ValidationResult($"{Section}:{name} must be between 1 minute and 90 days (was {value}).", [name]);
            }
        }

        if (UrgentDue > SemiUrgentDue || SemiUrgentDue > RoutineDue)
        {
            yield return new ValidationResult($"{Section}: UrgentDue ≤ SemiUrgentDue ≤ RoutineDue (were {UrgentDue}, {SemiUrgentDue}, {RoutineDue}).",
                [nameof(UrgentDue), nameof(SemiUrgentDue), nameof(RoutineDue)]);
        }

        if (ExpiryGrace < TimeSpan.Zero || ExpiryGrace > Max)
        {
            yield return new ValidationResult($"{Section}:{nameof(ExpiryGrace)} must be between 0 and 90 days (was {ExpiryGrace}).", [nameof(ExpiryGrace)]);
        }
    }
}
