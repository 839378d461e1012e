namespace TeleSante.FirmwareSim.Scenario;

/// <summary>A consultation: devices that start together and stream for a while.</summary>
public sealed record SessionDefinition
{
    /// <summary>The session id the devices stream under; with an operator token, also the consultation's id.</summary>
    public string Id { get; set; } = "session";

    /// <summary>Seconds after the scenario starts.</summary>
    public double StartAfterSeconds { get; set; }

    public double DurationSeconds { get; set; } = 60;

    public IReadOnlyList<DeviceDefinition> Devices { get; set; } = [];

    /// <summary>The patient a consultation is opened for (with an operator token). Absent: a synthetic patient
    /// seeded by the session's position in the file.</summary>
    public PatientDefinition? Patient { get; set; }

    /// <summary>A request to file during the consultation (needs a requester token).</summary>
    public RequestDefinition? Request { get; set; }
}
