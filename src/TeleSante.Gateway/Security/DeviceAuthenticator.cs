using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;

namespace TeleSante.Gateway.Security;

/// <summary>
/// Checks a device's id and credential against the registry, the same way for every transport
/// (gRPC headers, MQTT username/password, HTTP headers for images). Every refusal is logged and
/// audited with the peer address (throttled per address, see <see cref="RefusalAuditThrottle"/>), so
/// repeated guessing shows in the trail without flooding it.
/// </summary>
internal sealed class DeviceAuthenticator(IDeviceRegistry registry, RefusalAuditThrottle audit, IOptions<SecurityOptions> security, ILogger<DeviceAuthenticator> logger)
{
    public async Task<DeviceCheck> CheckAsync(string? id, string? token, string? peer, CancellationToken cancellationToken)
    {
        if (!security.Value.DeviceAuthentication)
        {
            return DeviceCheck.AuthenticationOff;
        }

        var device = string.IsNullOrEmpty(id) || string.IsNullOrEmpty(token) ? null : await registry.AuthenticateAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (device is not null)
        {
            return new DeviceCheck(device, null);
        }

        var known = string.IsNullOrEmpty(id) ? null : await registry.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var reason = string.IsNullOrEmpty(id) || string.IsNullOrEmpty(token) ? "no device id or credential presented"
            : known?.State == DeviceState.Revoked ? $"device '{id}' is revoked"
            : $"unknown device '{id}' or wrong credential";
        SecurityLog.DeviceRefused(logger, id ?? "?", reason);
        await audit.RecordAsync(new AuditEntry(string.IsNullOrEmpty(id) ? "anonymous" : id, "device.connect", "device/" + (string.IsNullOrEmpty(id) ? "?" : id), AuditEntry.Denied, peer, reason), peer).ConfigureAwait(false);
        return new DeviceCheck(null, reason);
    }
}
