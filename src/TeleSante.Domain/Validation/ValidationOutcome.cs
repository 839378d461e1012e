using TeleSante.Contracts.V1;

namespace TeleSante.Domain.Validation;

/// <summary>The verdict on one batch: valid, or the first problem found with a detail naming the field.</summary>
public readonly record struct ValidationOutcome(RejectReason Reason, string? Detail)
{
    public static ValidationOutcome Valid => default;

    public bool IsValid => Reason == RejectReason.Unspecified;

    public static ValidationOutcome Fail(RejectReason reason, string detail) => new(reason, detail);
}
