namespace TeleSante.Clinical.Store;

/// <summary>A device, the station it belongs to, that station's site and its open consultation (null: none open):
/// one row of what the gateway's in-memory attribution table holds (issue 11).</summary>
public sealed record DeviceAttribution(string DeviceId, string StationId, string SiteId, string? OpenConsultationId);
