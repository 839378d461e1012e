using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;

namespace TeleSante.StationAgent;

/// <summary>Who this station is and which serial devices it reads. Section <c>Agent</c>.</summary>
public sealed class AgentOptions : IValidatableObject
{
    public const string Section = "Agent";

    /// <summary>Site (pharmacy, MSP, nurse-led point) id sent with every batch. Required.</summary>
    [Required]
    [Identifier]
    public string SiteId { get; set; } = string.Empty;

    /// <summary>Consultation session the readings belong to. Required.</summary>
    [Required]
    [Identifier]
    public string SessionId { get; set; } = string.Empty;

    /// <summary>The serial devices, at least one. Device ids and paths must be unique.</summary>
    [Required]
    [MinLength(1)]
    [ValidateEnumeratedItems]
    public List<SerialPortOptions> Ports { get; set; } = [];

    /// <summary>How often the agent logs its counters (lines taken and refused, outbox, gateway). Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StatusLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // One reader per device: two ports with one device id would interleave two seq counters.
        foreach (var duplicate in Ports.GroupBy(p => p.DeviceId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"device id '{duplicate.Key}' is configured on {duplicate.Count()} ports", [nameof(Ports)]);
        }

        foreach (var duplicate in Ports.GroupBy(p => p.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"port '{duplicate.Key}' is configured {duplicate.Count()} times", [nameof(Ports)]);
        }
    }
}
