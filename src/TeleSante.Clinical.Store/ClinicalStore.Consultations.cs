using System.Data.Common;
using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

// Consent and consultations.
public sealed partial class ClinicalStore
{
    public async Task<Outcome<Consent>> CollectConsentAsync(string id, string patientId, string informationGiven, IReadOnlyList<string> specialties,
        bool shareReportWithTreatingGp, string? treatingGp, Actor actor, CancellationToken cancellationToken = default)
    {
        var outcome = ConsentRules.Collect(id, patientId, informationGiven, specialties, shareReportWithTreatingGp, treatingGp, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var consent = outcome.Value;
        return await InsertAsync(consent, $"consent {id} (or its patient or collector)", async (c, t) =>
        {
            await c.ExecuteAsync(t,
                """
                INSERT INTO consents (id, patient_id, information_given, share_with_treating_gp, treating_gp, collected_by, collected_at)
                VALUES (@id, @patient, @info, @share, @gp, @by, @at)
                """, cancellationToken,
                ("@id", consent.Id), ("@patient", consent.PatientId), ("@info", consent.InformationGiven), ("@share", Sql.Flag(consent.ShareReportWithTreatingGp)),
                ("@gp", consent.TreatingGp), ("@by", consent.CollectedBy), ("@at", Sql.Ms(consent.CollectedAt))).ConfigureAwait(false);
            foreach (var specialty in consent.Specialties.Distinct(StringComparer.Ordinal))
            {
                await c.ExecuteAsync(t, "INSERT INTO consent_specialties (consent_id, specialty) VALUES (@id, @s)", cancellationToken,
                    ("@id", consent.Id), ("@s", specialty)).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the withdrawal; every later step that would share the patient's data is refused.</summary>
    public async Task<Outcome<Consent>> WithdrawConsentAsync(string consentId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadConsentAsync(connection, transaction, consentId, cancellationToken).ConfigureAwait(false) is not { } consent)
        {
            return Missing("consent", consentId);
        }

        var outcome = ConsentRules.Withdraw(consent, reason, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var withdrawal = outcome.Value.Withdrawal!;
        await connection.ExecuteAsync(transaction,
            "UPDATE consents SET withdrawn_by = @by, withdrawn_at = @at, withdrawal_reason = @reason WHERE id = @id AND withdrawn_at IS NULL",
            cancellationToken, ("@by", withdrawal.RecordedBy), ("@at", Sql.Ms(withdrawal.At)), ("@reason", withdrawal.Reason), ("@id", consentId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public async Task<Consent?> GetConsentAsync(string consentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadConsentAsync(connection, null, consentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a consultation at a station for a consenting patient; refused while another is open there
    /// (checked, and enforced by a unique index should two operators open at once).</summary>
    public async Task<Outcome<Consultation>> OpenConsultationAsync(string id, string stationId, string patientId, string consentId, Actor actor,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadStationAsync(connection, transaction, stationId, cancellationToken).ConfigureAwait(false) is not { } station)
        {
            return Missing("station", stationId);
        }

        if (await LoadConsentAsync(connection, transaction, consentId, cancellationToken).ConfigureAwait(false) is not { } consent)
        {
            return Missing("consent", consentId);
        }

        var open = await LoadOpenConsultationAsync(connection, transaction, stationId, cancellationToken).ConfigureAwait(false);
        var outcome = ConsultationRules.Open(id, station, patientId, consent, open, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var consultation = outcome.Value;
        try
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO consultations (id, site_id, station_id, patient_id, consent_id, opened_by, opened_at)
                VALUES (@id, @site, @station, @patient, @consent, @by, @at)
                """, cancellationToken,
                ("@id", consultation.Id), ("@site", consultation.SiteId), ("@station", consultation.StationId), ("@patient", consultation.PatientId),
                ("@consent", consultation.ConsentId), ("@by", consultation.OpenedBy), ("@at", Sql.Ms(consultation.OpenedAt))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            var busy = await GetOpenConsultationAtStationAsync(stationId, cancellationToken).ConfigureAwait(false);
            return busy is not null && busy.Id != id
                ? new Refusal(RefusalCode.StationBusy, $"station {stationId} already has consultation {busy.Id} open")
                : new Refusal(RefusalCode.Duplicate, $"consultation {id} already exists");
        }
    }

    public async Task<Outcome<Consultation>> CloseConsultationAsync(string consultationId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadConsultationAsync(connection, transaction, consultationId, cancellationToken).ConfigureAwait(false) is not { } consultation)
        {
            return Missing("consultation", consultationId);
        }

        var outcome = ConsultationRules.Close(consultation, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var rows = await connection.ExecuteAsync(transaction, "UPDATE consultations SET closed_by = @by, closed_at = @at WHERE id = @id AND closed_at IS NULL",
            cancellationToken, ("@by", actor.Id), ("@at", Sql.Ms(outcome.Value.ClosedAt!.Value)), ("@id", consultationId)).ConfigureAwait(false);
        if (rows != 1)
        {
            return new Refusal(RefusalCode.ConsultationClosed, $"consultation {consultationId} is already closed");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public async Task<Consultation?> GetConsultationAsync(string consultationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadConsultationAsync(connection, null, consultationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The station's open consultation, if any: what a reading from one of its devices belongs to.</summary>
    public async Task<Consultation?> GetOpenConsultationAtStationAsync(string stationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadOpenConsultationAsync(connection, null, stationId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Consent?> LoadConsentAsync(DbConnection connection, DbTransaction? transaction, string consentId, CancellationToken cancellationToken)
    {
        var specialties = await connection.QueryAsync(transaction, "SELECT specialty FROM consent_specialties WHERE consent_id = @id ORDER BY specialty",
            r => r.Str("specialty"), cancellationToken, ("@id", consentId)).ConfigureAwait(false);
        var rows = await connection.QueryAsync(transaction, "SELECT * FROM consents WHERE id = @id", r => new Consent(
                r.Str("id"), r.Str("patient_id"), r.Str("information_given"), specialties, r.Bool("share_with_treating_gp"), r.StrOrNull("treating_gp"),
                r.Str("collected_by"), r.Time("collected_at"),
                r.TimeOrNull("withdrawn_at") is { } at ? new ConsentWithdrawal(r.Str("withdrawn_by"), at, r.Str("withdrawal_reason")) : null),
            cancellationToken, ("@id", consentId)).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }

    private static Task<Consultation?> LoadConsultationAsync(DbConnection connection, DbTransaction? transaction, string consultationId, CancellationToken cancellationToken) =>
        LoadOneConsultationAsync(connection, transaction, "SELECT * FROM consultations WHERE id = @key", consultationId, cancellationToken);

    private static Task<Consultation?> LoadOpenConsultationAsync(DbConnection connection, DbTransaction? transaction, string stationId, CancellationToken cancellationToken) =>
        LoadOneConsultationAsync(connection, transaction, "SELECT * FROM consultations WHERE station_id = @key AND closed_at IS NULL", stationId, cancellationToken);

    private static async Task<Consultation?> LoadOneConsultationAsync(DbConnection connection, DbTransaction? transaction, string sql, string key,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(transaction, sql, r => new Consultation(
                r.Str("id"), r.Str("site_id"), r.Str("station_id"), r.Str("patient_id"), r.Str("consent_id"), r.Str("opened_by"), r.Time("opened_at"),
                r.StrOrNull("closed_by"), r.TimeOrNull("closed_at")),
            cancellationToken, ("@key", key)).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }
}
