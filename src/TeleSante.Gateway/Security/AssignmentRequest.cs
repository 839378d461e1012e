namespace TeleSante.Gateway.Security;

internal sealed record AssignmentRequest(string SessionId, string PractitionerId);
