namespace TeleSante.Testing;

/// <summary>Optional settings for <see cref="InfluxDbServer.StartAsync(InfluxDbServerOptions, CancellationToken)"/>.</summary>
public sealed class InfluxDbServerOptions
{
    /// <summary>
    /// Turn on InfluxDB authentication (<c>[http] auth-enabled</c>). The fixture then creates an
    /// admin user <see cref="AdminUser"/>/<see cref="AdminPassword"/> right after start (1.x allows
    /// that one unauthenticated statement while no user exists) and uses it for its own helpers.
    /// Default false.
    /// </summary>
    public bool AuthEnabled { get; init; }

    /// <summary>Admin user created when <see cref="AuthEnabled"/>. Default "admin".</summary>
    public string AdminUser { get; init; } = "admin";

    /// <summary>Admin password created when <see cref="AuthEnabled"/>. Default "admin-password".</summary>
    public string AdminPassword { get; init; } = "admin-password";

    /// <summary>How long to wait for <c>GET /ping</c> to answer 204. Default 20 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
