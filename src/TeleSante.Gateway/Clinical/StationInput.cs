namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/admin/stations. <see cref="Kind"/>: Cabin or NurseKit.</summary>
internal sealed record StationInput(string Id, string SiteId, string Name, string Kind, IReadOnlyList<string>? DeviceIds);
