namespace TeleSante.Access.Audit;

/// <summary>One access to patient data or one change: who, what, when, from where, outcome.</summary>
/// <param name="Actor">Practitioner, operator or device id ("anonymous" when unauthenticated).</param>
/// <param name="Action">e.g. "recording.read", "live.join", "device.revoke", "assignment.grant".</param>
/// <param name="Resource">e.g. "session/cons-0001", "device/ecg-1".</param>
/// <param name="Outcome">"allowed", "denied" or "failed".</param>
/// <param name="Remote">Client address.</param>
/// <param name="Detail">Anything that helps an investigator (time range, reason of denial).</param>
public sealed record AuditEntry(string Actor, string Action, string Resource, string Outcome, string? Remote, string? Detail = null)
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
}
