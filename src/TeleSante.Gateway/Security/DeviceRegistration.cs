namespace TeleSante.Gateway.Security;

internal sealed record DeviceRegistration(string Id, string Kind, string Site);
