using System.Data.Common;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

/// <summary>The vitals alerts of sessions (issue 12), in the clinical database (SQLite or PostgreSQL, migration 3).</summary>
public sealed class VitalAlertStore(ClinicalDatabase database)
{
    private const string Columns = "id, session_id, device_id, ref_id, mdc_code, label, severity, direction, limit_value, rule_unit, value, unit, " +
        "measured_at_ns, raised_at_ns, ended_at_ns, acknowledged_by, acknowledged_at_ns, source, measured_from_ns";

    public async Task InsertAsync(VitalAlertRow alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(null,
            $"INSERT INTO vital_alerts ({Columns}) VALUES (@id, @session, @device, @ref, @mdc, @label, @severity, @direction, @limit, @ruleUnit, @value, @unit, @measured, @raised, @ended, @ackBy, @ackAt, @source, @measuredFrom)",
            cancellationToken,
            ("@id", alert.Id), ("@session", alert.SessionId), ("@device", alert.DeviceId), ("@ref", alert.RefId), ("@mdc", (long)alert.MdcCode),
            ("@label", alert.Label), ("@severity", alert.Severity), ("@direction", alert.Direction), ("@limit", alert.Limit), ("@ruleUnit", alert.RuleUnit),
            ("@value", alert.Value), ("@unit", alert.Unit), ("@measured", alert.MeasuredAtNs), ("@raised", alert.RaisedAtNs), ("@ended", alert.EndedAtNs),
            ("@ackBy", alert.AcknowledgedBy), ("@ackAt", alert.AcknowledgedAtNs), ("@source", alert.Source), ("@measuredFrom", alert.MeasuredFromNs)).ConfigureAwait(false);
    }

    /// <summary>Records the end of an alert's episode (the measurement time of the first reading back in range);
    /// returns the alert, or null if there is none.</summary>
    public async Task<VitalAlertRow?> EndAsync(string id, long endedAtNs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(null, "UPDATE vital_alerts SET ended_at_ns = @ended WHERE id = @id AND ended_at_ns IS NULL", cancellationToken,
            ("@ended", endedAtNs), ("@id", id)).ConfigureAwait(false);
        return await FindAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session's alerts, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<VitalAlertRow>> ListAsync(string sessionId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null, $"SELECT {Columns} FROM vital_alerts WHERE session_id = @session ORDER BY raised_at_ns DESC, id DESC LIMIT @limit",
            Read, cancellationToken, ("@session", sessionId), ("@limit", (long)limit)).ConfigureAwait(false);
    }

    /// <summary>Sets who acknowledged the alert and when, once: a second acknowledgement changes nothing and says
    /// who came first. The alert must belong to <paramref name="sessionId"/>.</summary>
    public async Task<VitalAlertAcknowledgement> AcknowledgeAsync(string sessionId, string id, string practitionerId, long atNs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One conditional UPDATE decides who is first, on both providers, without a read-then-write race.
        var updated = await connection.ExecuteAsync(null,
            "UPDATE vital_alerts SET acknowledged_by = @by, acknowledged_at_ns = @at WHERE id = @id AND session_id = @session AND acknowledged_by IS NULL",
            cancellationToken, ("@by", practitionerId), ("@at", atNs), ("@id", id), ("@session", sessionId)).ConfigureAwait(false);
        var alert = await FindAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
        if (alert is null || alert.SessionId != sessionId)
        {
            return new VitalAlertAcknowledgement(null, false);
        }

        return new VitalAlertAcknowledgement(alert, updated == 0);
    }

    public async Task<VitalAlertRow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<VitalAlertRow?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync(transaction, $"SELECT {Columns} FROM vital_alerts WHERE id = @id", Read, cancellationToken, ("@id", id)).ConfigureAwait(false))
        .FirstOrDefault();

    private static VitalAlertRow Read(DbDataReader r) => new(
        r.Str("id"), r.Str("session_id"), r.Str("device_id"), r.Str("ref_id"), checked((uint)r.Long("mdc_code")), r.Str("label"), r.Str("severity"),
        r.Str("direction"), Double(r, "limit_value"), r.Str("rule_unit"), Double(r, "value"), r.Str("unit"), r.Long("measured_at_ns"), r.Long("raised_at_ns"),
        r.LongOrNull("ended_at_ns"), r.StrOrNull("acknowledged_by"), r.LongOrNull("acknowledged_at_ns"), r.Str("source"), r.LongOrNull("measured_from_ns"));

    private static double Double(DbDataReader r, string column) => r.GetDouble(r.GetOrdinal(column));
}
