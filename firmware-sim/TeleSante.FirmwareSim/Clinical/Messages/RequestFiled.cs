namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>The part of the gateway's answer to a filed request the simulator prints.</summary>
public sealed record RequestFiled(string Id, string State, string Priority, DateTimeOffset? DueAt);
