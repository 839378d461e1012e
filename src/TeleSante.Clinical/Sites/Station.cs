namespace TeleSante.Clinical.Sites;

/// <summary>A cabin or a nurse's kit at a site, with the devices that belong to it: a reading from one of
/// these devices is attributed to the station's open consultation (issue 11; the ingestion check comes
/// in a later slice).</summary>
public sealed record Station(string Id, string SiteId, string Name, StationKind Kind, IReadOnlyList<string> DeviceIds);
