using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Health;

/// <summary>The background check behind GET /health. Section <c>Health</c>.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string Section = "Health";

    /// <summary>Time between two checks (InfluxDB ping, dead-letter count). /health answers from the last
    /// check, so it never waits on I/O. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a check waits for InfluxDB's GET /ping before calling it unreachable. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan InfluxPingTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A last check older than this makes /health say "degraded" (the check itself is stuck, so what
    /// it last saw may be out of date). Default 10 s; more than RefreshInterval + InfluxPingTimeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StaleAfter <= RefreshInterval + InfluxPingTimeout)
        {
            yield return new ValidationResult("Health:StaleAfter must be longer than Health:RefreshInterval + Health:InfluxPingTimeout", [nameof(StaleAfter)]);
        }
    }
}
