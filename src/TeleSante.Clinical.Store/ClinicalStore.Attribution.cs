using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

// What readings are attributed to: every station's devices with the station's open consultation.
public sealed partial class ClinicalStore
{
    /// <summary>Every device of every station, with the station's site and open consultation (one query: the
    /// gateway loads it at start-up and refreshes it periodically, so gateways sharing the database converge).</summary>
    public async Task<IReadOnlyList<DeviceAttribution>> ListDeviceAttributionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT d.device_id, s.id AS station_id, s.site_id, c.id AS consultation_id
            FROM station_devices d
            JOIN stations s ON s.id = d.station_id
            LEFT JOIN consultations c ON c.station_id = s.id AND c.closed_at IS NULL
            """,
            r => new DeviceAttribution(r.Str("device_id"), r.Str("station_id"), r.Str("site_id"), r.StrOrNull("consultation_id")),
            cancellationToken).ConfigureAwait(false);
    }
}
