namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>The gateway's answer to a recorded patient: the identity status and whether it kept an INS (never the INS).</summary>
public sealed record PatientRecorded(string Id, string Status, bool HasIns);
