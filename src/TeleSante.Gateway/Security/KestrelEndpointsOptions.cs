namespace TeleSante.Gateway.Security;

/// <summary>The listeners Kestrel is configured with (section <c>Kestrel</c>, its own format): read only to
/// refuse a plaintext one outside loopback (<see cref="TransportSecurityCheck"/>). Kestrel binds it itself.</summary>
public sealed class KestrelEndpointsOptions
{
    public const string Section = "Kestrel";

    /// <summary>Endpoints by name (<c>Kestrel:Endpoints:NAME:Url</c>).</summary>
    public Dictionary<string, KestrelEndpoint> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);
}
