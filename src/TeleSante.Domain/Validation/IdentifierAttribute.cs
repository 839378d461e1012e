using System.ComponentModel.DataAnnotations;

namespace TeleSante.Domain.Validation;

/// <summary>Options validation for a property holding an identifier: the one rule of
/// <see cref="Identifiers"/>, so configuration cannot drift from what the gateway accepts. Absent
/// (null or empty) passes, as with <see cref="RegularExpressionAttribute"/>: [Required] says whether it may be.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class IdentifierAttribute() : ValidationAttribute("{0} must be " + Identifiers.Rule)
{
    public override bool IsValid(object? value) => value is null or "" || (value is string text && Identifiers.IsValid(text));
}
