namespace TeleSante.Clinical.Consultations;

/// <summary>A patient seen at a station, from opening (after consent) to closing. At most one is open per
/// station: readings from the station's devices while it is open belong to it.</summary>
public sealed record Consultation(
    string Id,
    string SiteId,
    string StationId,
    string PatientId,
    string ConsentId,
    string OpenedBy,
    DateTimeOffset OpenedAt,
    string? ClosedBy,
    DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;
}
