namespace TeleSante.FirmwareSim.Scenario;

/// <summary>A consultation: devices that start together and stream for a while.</summary>
public sealed record SessionDefinition
{
    public string Id { get; set; } = "session";

    /// <summary>Seconds after the scenario starts.</summary>
    public double StartAfterSeconds { get; set; }

    public double DurationSeconds { get; set; } = 60;

    public IReadOnlyList<DeviceDefinition> Devices { get; set; } = [];
}
