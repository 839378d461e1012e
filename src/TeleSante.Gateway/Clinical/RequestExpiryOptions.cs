using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Clinical;

/// <summary>How often the gateway looks for requests to expire (section "TeleExpertise", beside the due times and grace of
/// <see cref="TeleSante.Clinical.Requests.TeleExpertiseOptions"/>). Validated at start-up: 1 second to 1 hour.</summary>
internal sealed class RequestExpiryOptions : IValidatableObject
{
    public const string Section = "TeleExpertise";

    /// <summary>A request expires at most this long after its due time plus grace.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExpirySweepInterval < TimeSpan.FromSeconds(1) || ExpirySweepInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(ExpirySweepInterval)} must be between 1 second and 1 hour (was {ExpirySweepInterval}).",
                [nameof(ExpirySweepInterval)]);
        }
    }
}
