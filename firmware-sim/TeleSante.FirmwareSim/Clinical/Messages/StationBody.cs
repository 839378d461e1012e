namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/admin/stations. Kind: Cabin or NurseKit; the devices that belong to it.</summary>
public sealed record StationBody(string Id, string SiteId, string Name, string Kind, IReadOnlyList<string> DeviceIds);
