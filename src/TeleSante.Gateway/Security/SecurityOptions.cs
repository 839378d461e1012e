using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Security;

/// <summary>Authentication of devices and practitioners. Section <c>Security</c>.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string Section = "Security";

    /// <summary>Devices must present a registered credential (gRPC headers x-telesante-device and
    /// x-telesante-token; MQTT username and password). Default true. Turning it off is for isolated
    /// test benches only: the gateway logs a warning at start-up.</summary>
    public bool DeviceAuthentication { get; set; } = true;

    /// <summary>Simultaneous connections (gRPC streams or MQTT clients) one device may hold. Default 4.</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerDevice { get; set; } = 4;

    /// <summary>Refused authentications (devices and practitioners) recorded one by one per remote address
    /// and <see cref="RefusedAuditWindow"/>; beyond that they are counted into one summary entry. Default 60.</summary>
    [Range(1, 1_000_000)]
    public int RefusedAuditPerAddress { get; set; } = 60;

    /// <summary>An authenticated device's refused MQTT publications and subscriptions (topics outside its
    /// own) recorded one by one per device and <see cref="RefusedAuditWindow"/>; beyond that they are
    /// counted into one summary entry, so a device looping over forbidden topics cannot slow the broker
    /// (each entry is an fsync'd write) or bury the trail. Default 60.</summary>
    [Range(1, 1_000_000)]
    public int RefusedAuditPerDevice { get; set; } = 60;

    /// <summary>Window of <see cref="RefusedAuditPerAddress"/> and <see cref="RefusedAuditPerDevice"/>. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RefusedAuditWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lets plaintext listeners bind outside loopback (isolated lab networks only). Default false:
    /// the gateway refuses to start otherwise.</summary>
    public bool AllowPlaintextOutsideLoopback { get; set; }

    /// <summary>Issuer expected in practitioners' JWTs. Default "telesante-dev" (the development issuer).</summary>
    [Required]
    public string JwtIssuer { get; set; } = "telesante-dev";

    /// <summary>Audience expected in practitioners' JWTs. Default "telesante".</summary>
    [Required]
    public string JwtAudience { get; set; } = "telesante";

    /// <summary>HMAC-SHA256 signing key, base64 (at least 32 bytes), from a secret store or the
    /// environment (Security__JwtSigningKey), never from the repository. When empty, the development
    /// issuer's key file in the data directory is used (created on first start).</summary>
    public string? JwtSigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(JwtSigningKey))
        {
            byte[]? key = null;
            try
            {
                key = Convert.FromBase64String(JwtSigningKey);
            }
            catch (FormatException)
            {
            }

            if (key is null || key.Length < 32)
            {
                yield return new ValidationResult("Security:JwtSigningKey must be base64 of at least 32 bytes", [nameof(JwtSigningKey)]);
            }
        }
    }
}
