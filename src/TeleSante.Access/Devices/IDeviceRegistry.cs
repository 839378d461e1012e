namespace TeleSante.Access.Devices;

public interface IDeviceRegistry
{
    /// <summary>Registers a device and returns its credential (shown once, never stored in clear).</summary>
    Task<DeviceCredential> RegisterAsync(string id, string kind, string site, CancellationToken cancellationToken);

    /// <summary>The active device whose credential this is, or null (unknown, wrong token, revoked).</summary>
    Task<DeviceRecord?> AuthenticateAsync(string id, string token, CancellationToken cancellationToken);

    Task<DeviceRecord?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the device; <see cref="Revoked"/> lets transports cut its live connections.</summary>
    Task<bool> RevokeAsync(string id, CancellationToken cancellationToken);

    event Action<string>? Revoked;
}
