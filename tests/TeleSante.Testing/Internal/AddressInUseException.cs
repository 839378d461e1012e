namespace TeleSante.Testing.Internal;

/// <summary>A server could not bind its port: another process took it after FreePort picked it.</summary>
internal sealed class AddressInUseException(string message) : Exception(message);
