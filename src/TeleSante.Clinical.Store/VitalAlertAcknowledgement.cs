namespace TeleSante.Clinical.Store;

/// <summary>What an acknowledgement did: <see cref="Alert"/> is the alert after it (or as it was, when someone
/// acknowledged it first), null when the session has no such alert.</summary>
public sealed record VitalAlertAcknowledgement(VitalAlertRow? Alert, bool AlreadyAcknowledged);
