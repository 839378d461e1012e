using System.Data.Common;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

/// <summary>The vitals alerts of sessions (issue 12), in the clinical database (SQLite or PostgreSQL, migration 3).</summary>
public sealed class VitalAlertStore(ClinicalDatabase database)
{
    private const string Columns = "id, session_id, device_id, ref_id, mdc_code, label, severity, direction, limit_value, rule_unit, value, unit, " +
        "measured_at_ns, raised_at_ns, ended_at_ns, acknowledged_by, acknowledged_at_ns, source, measured_from_ns";

    private const string InsertSql = $"INSERT INTO vital_alerts ({Columns}) VALUES (@id, @session, @device, @ref, @mdc, @label, @severity, @direction, @limit, " +
        "@ruleUnit, @value, @unit, @measured, @raised, @ended, @ackBy, @ackAt, @source, @measuredFrom)";

    private long _batches;

    /// <summary>Transactions committed by <see cref="ApplyAsync"/> so far (what the write load on the database is).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Makes a batch of alert outcomes durable in ONE transaction, in order (an alert raised and ended in the same
    /// batch is inserted, then ended): all or none. Idempotent, so a batch may be retried whole after a failure, even
    /// one whose commit succeeded but was not confirmed (a connection lost at COMMIT): an alert already stored is not
    /// inserted again (its id is the key), an episode already ended keeps its first end.
    /// </summary>
    /// <returns>For each change that ends an episode, the alert as stored afterwards (null if no alert has that id);
    /// null for a raise.</returns>
    public async Task<VitalAlertRow?[]> ApplyAsync(IReadOnlyList<VitalAlertChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var ended = new VitalAlertRow?[changes.Count];
        if (changes.Count == 0)
        {
            return ended;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One command per statement kind, its parameters set per row: no command or parameter allocated per alert.
        await using var insert = connection.Command(transaction, InsertSql + " ON CONFLICT (id) DO NOTHING",
            ("@id", null), ("@session", null), ("@device", null), ("@ref", null), ("@mdc", null), ("@label", null), ("@severity", null),
            ("@direction", null), ("@limit", null), ("@ruleUnit", null), ("@value", null), ("@unit", null), ("@measured", null), ("@raised", null),
            ("@ended", null), ("@ackBy", null), ("@ackAt", null), ("@source", null), ("@measuredFrom", null));
        await using var end = connection.Command(transaction, "UPDATE vital_alerts SET ended_at_ns = @ended WHERE id = @id AND ended_at_ns IS NULL",
            ("@ended", null), ("@id", null));
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.Raised is { } a)
            {
                var p = insert.Parameters;
                p[0].Value = a.Id;
                p[1].Value = a.SessionId;
                p[2].Value = a.DeviceId;
                p[3].Value = a.RefId;
                p[4].Value = (long)a.MdcCode;
                p[5].Value = a.Label;
                p[6].Value = a.Severity;
                p[7].Value = a.Direction;
                p[8].Value = a.Limit;
                p[9].Value = a.RuleUnit;
                p[10].Value = a.Value;
                p[11].Value = a.Unit;
                p[12].Value = a.MeasuredAtNs;
                p[13].Value = a.RaisedAtNs;
                p[14].Value = (object?)a.EndedAtNs ?? DBNull.Value;
                p[15].Value = (object?)a.AcknowledgedBy ?? DBNull.Value;
                p[16].Value = (object?)a.AcknowledgedAtNs ?? DBNull.Value;
                p[17].Value = a.Source;
                p[18].Value = (object?)a.MeasuredFromNs ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (change.EndedId is { } id)
            {
                end.Parameters[0].Value = change.EndedAtNs;
                end.Parameters[1].Value = id;
                await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                ended[i] = await FindAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _batches);
        return ended;
    }

    public async Task InsertAsync(VitalAlertRow alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(null, InsertSql, cancellationToken,
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
