using System.Data.Common;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store.Screening;

// Campaigns, enrolment, due list.
public sealed partial class ScreeningStore
{
    public async Task<Outcome<Campaign>> CreateCampaignAsync(string id, string name, IReadOnlyList<string> siteIds, DateOnly startsOn, DateOnly endsOn, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var outcome = CampaignRules.Create(id, name, siteIds, startsOn, endsOn, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var campaign = outcome.Value;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(transaction,
                "INSERT INTO screening_campaigns (id, name, starts_on, ends_on, created_by, created_at) VALUES (@id, @name, @from, @to, @by, @at)", cancellationToken,
                ("@id", campaign.Id), ("@name", campaign.Name), ("@from", Day(campaign.StartsOn)), ("@to", Day(campaign.EndsOn)), ("@by", campaign.CreatedBy),
                ("@at", Sql.Ms(campaign.CreatedAt))).ConfigureAwait(false);
            foreach (var site in campaign.SiteIds)
            {
                await connection.ExecuteAsync(transaction, "INSERT INTO screening_campaign_sites (campaign_id, site_id) VALUES (@c, @s)", cancellationToken,
                    ("@c", campaign.Id), ("@s", site)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return campaign;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return new Refusal(RefusalCode.Duplicate, $"campaign {id} already exists");
        }
        catch (DbException ex) when (Sql.IsForeignKeyViolation(ex))
        {
            return new Refusal(RefusalCode.NotFound, $"campaign {id} names a site that does not exist");
        }
    }

    public async Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadCampaignAsync(connection, null, campaignId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enrols a patient at a site of the campaign (an administrator, or an operator of that site).</summary>
    public async Task<Outcome<Enrolment>> EnrolAsync(string campaignId, string patientId, string siteId, DateOnly? lastScreenedOn, int consecutiveNoRetinopathy,
        bool underEyeClinic, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Practitioner.Has(ClinicalRoles.Administrator) && !(actor.Practitioner.Has(ClinicalRoles.SiteOperator) && actor.Practitioner.WorksAt(siteId)))
        {
            return new Refusal(RefusalCode.WrongRole, "Only an administrator or an operator of the site enrols patients.");
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadCampaignAsync(connection, transaction, campaignId, cancellationToken).ConfigureAwait(false) is not { } campaign)
        {
            return Missing("campaign", campaignId);
        }

        var outcome = CampaignRules.Enrol(campaign, patientId, siteId, lastScreenedOn, consecutiveNoRetinopathy, underEyeClinic, _options);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var e = outcome.Value;
        try
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO screening_enrolments (campaign_id, patient_id, site_id, last_screened_on, consecutive_no_retinopathy, under_eye_clinic, next_due)
                VALUES (@c, @p, @s, @last, @n, @clinic, @due)
                """, cancellationToken,
                ("@c", e.CampaignId), ("@p", e.PatientId), ("@s", e.SiteId), ("@last", Day(e.LastScreenedOn)), ("@n", (long)e.ConsecutiveNoRetinopathy),
                ("@clinic", Sql.Flag(e.UnderEyeClinic)), ("@due", Day(e.NextDue))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return e;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return new Refusal(RefusalCode.Duplicate, $"patient {patientId} is already enrolled in campaign {campaignId}");
        }
        catch (DbException ex) when (Sql.IsForeignKeyViolation(ex))
        {
            return new Refusal(RefusalCode.NotFound, $"patient {patientId} does not exist");
        }
    }

    /// <summary>Enrolled patients due on or before <paramref name="asOf"/> (never screened, or their recall date has
    /// come), earliest first; patients followed by an eye clinic are not due.</summary>
    public async Task<IReadOnlyList<Enrolment>> DueListAsync(string campaignId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            "SELECT * FROM screening_enrolments WHERE campaign_id = @c AND next_due IS NOT NULL AND next_due <= @asOf ORDER BY next_due, patient_id",
            ReadEnrolment, cancellationToken, ("@c", campaignId), ("@asOf", Day(asOf))).ConfigureAwait(false);
    }

    public async Task<Enrolment?> GetEnrolmentAsync(string campaignId, string patientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadEnrolmentAsync(connection, null, campaignId, patientId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Enrolment?> LoadEnrolmentAsync(DbConnection connection, DbTransaction? transaction, string campaignId, string patientId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync(transaction, "SELECT * FROM screening_enrolments WHERE campaign_id = @c AND patient_id = @p", ReadEnrolment, cancellationToken,
            ("@c", campaignId), ("@p", patientId)).ConfigureAwait(false)).SingleOrDefault();

    private static Enrolment ReadEnrolment(DbDataReader r) => new(
        r.Str("campaign_id"), r.Str("patient_id"), r.Str("site_id"), DayOrNull(r, "last_screened_on"), (int)r.Long("consecutive_no_retinopathy"),
        r.Bool("under_eye_clinic"), DayOrNull(r, "next_due"));

    private static async Task<Campaign?> LoadCampaignAsync(DbConnection connection, DbTransaction? transaction, string campaignId, CancellationToken cancellationToken)
    {
        var sites = await connection.QueryAsync(transaction, "SELECT site_id FROM screening_campaign_sites WHERE campaign_id = @c ORDER BY site_id",
            r => r.Str("site_id"), cancellationToken, ("@c", campaignId)).ConfigureAwait(false);
        return (await connection.QueryAsync(transaction, "SELECT * FROM screening_campaigns WHERE id = @c",
            r => new Campaign(r.Str("id"), r.Str("name"), sites, ParseDay(r.Str("starts_on")), ParseDay(r.Str("ends_on")), r.Str("created_by"), r.Time("created_at")),
            cancellationToken, ("@c", campaignId)).ConfigureAwait(false)).SingleOrDefault();
    }
}
