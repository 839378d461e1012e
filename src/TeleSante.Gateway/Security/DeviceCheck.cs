using TeleSante.Access.Devices;

namespace TeleSante.Gateway.Security;

/// <summary>Outcome of checking a device's credential.</summary>
/// <param name="Device">The registered device; null when refused or when device authentication is off.</param>
/// <param name="Refusal">Why it was refused; null when accepted.</param>
internal sealed record DeviceCheck(DeviceRecord? Device, string? Refusal)
{
    public static readonly DeviceCheck AuthenticationOff = new(null, null);

    public bool Refused => Refusal is not null;
}
