namespace TeleSante.Gateway.Security;

/// <summary>One Kestrel endpoint; only its address matters here (protocols and certificates are Kestrel's).</summary>
public sealed class KestrelEndpoint
{
    public string? Url { get; set; }
}
