namespace TeleSante.Access.Devices;

public enum DeviceState
{
    Active,
    Revoked,
}
