using System.Data.Common;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store.Screening;

// Referral tracking, the campaign dashboard, agreement between graders.
public sealed partial class ScreeningStore
{
    /// <summary>The campaign's referrals and re-imagings, earliest deadline first, overdue flagged at the current time.</summary>
    public async Task<IReadOnlyList<ReferralStatus>> ReferralsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT r.*, v.campaign_id, v.site_id, v.patient_id FROM screening_referrals r JOIN screening_visits v ON v.consultation_id = r.visit_id
            WHERE v.campaign_id = @c ORDER BY r.deadline, r.visit_id
            """,
            r => ReadReferral(r, now), cancellationToken, ("@c", campaignId)).ConfigureAwait(false);
    }

    /// <summary>Records that the eye clinic saw the patient (or the eye was re-imaged) and what it found. An
    /// administrator or an operator of the visit's site records it, once.</summary>
    public async Task<Outcome<ReferralStatus>> RecordReferralOutcomeAsync(string visitId, DateOnly seenOn, string clinicOutcome, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(clinicOutcome) || clinicOutcome.Length > 2000)
        {
            return new Refusal(RefusalCode.InvalidInput, "The clinic's outcome is required (at most 2000 characters).");
        }

        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var referral = (await connection.QueryAsync(transaction,
            "SELECT r.*, v.campaign_id, v.site_id, v.patient_id, v.screened_on FROM screening_referrals r JOIN screening_visits v ON v.consultation_id = r.visit_id WHERE r.visit_id = @id",
            r => (Status: ReadReferral(r, now), ScreenedOn: ParseDay(r.Str("screened_on"))), cancellationToken, ("@id", visitId)).ConfigureAwait(false))
            .Cast<(ReferralStatus Status, DateOnly ScreenedOn)?>().SingleOrDefault();
        if (referral is not { } found)
        {
            return Missing("referral of visit", visitId);
        }

        if (!actor.Practitioner.Has(ClinicalRoles.Administrator) && !(actor.Practitioner.Has(ClinicalRoles.SiteOperator) && actor.Practitioner.WorksAt(found.Status.SiteId)))
        {
            return new Refusal(RefusalCode.WrongRole, "Only an administrator or an operator of the visit's site records a referral's outcome.");
        }

        if (found.Status.SeenOn is not null)
        {
            return new Refusal(RefusalCode.WrongState, $"The referral's outcome was already recorded ({found.Status.SeenOn:yyyy-MM-dd}).");
        }

        if (seenOn < found.ScreenedOn || seenOn > DateOnly.FromDateTime(now.UtcDateTime))
        {
            return new Refusal(RefusalCode.InvalidInput, "The patient was seen between the screening and today.");
        }

        await connection.ExecuteAsync(transaction,
            "UPDATE screening_referrals SET seen_on = @on, clinic_outcome = @what, recorded_by = @by, recorded_at = @at WHERE visit_id = @id AND seen_on IS NULL",
            cancellationToken, ("@on", Day(seenOn)), ("@what", clinicOutcome.Trim()), ("@by", actor.Id), ("@at", Sql.Ms(now)), ("@id", visitId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found.Status with { SeenOn = seenOn, ClinicOutcome = clinicOutcome.Trim(), Overdue = false };
    }

    /// <summary>The campaign's figures per site and for the whole campaign (site "*"), at the current time.</summary>
    public async Task<IReadOnlyList<SiteFigures>> DashboardAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sites = await connection.QueryAsync(null, "SELECT site_id FROM screening_campaign_sites WHERE campaign_id = @c ORDER BY site_id",
            r => r.Str("site_id"), cancellationToken, ("@c", campaignId)).ConfigureAwait(false);
        var invited = await connection.QueryAsync(null, "SELECT site_id FROM screening_enrolments WHERE campaign_id = @c", r => r.Str("site_id"), cancellationToken,
            ("@c", campaignId)).ConfigureAwait(false);
        var visits = await connection.QueryAsync(null,
            "SELECT site_id, stage, outcome, final_right, final_left, registered_at, final_at FROM screening_visits WHERE campaign_id = @c",
            r => new VisitRow(r.Str("site_id"), r.Enum<GradingStage>("stage"), r.EnumOrNull<ScreeningOutcome>("outcome"), r.StrOrNull("final_right"),
                r.StrOrNull("final_left"), r.Time("registered_at"), r.TimeOrNull("final_at")), cancellationToken, ("@c", campaignId)).ConfigureAwait(false);
        var referrals = await ReferralsAsync(campaignId, cancellationToken).ConfigureAwait(false);

        var figures = sites.Select(site => Figures(site, invited.Count(s => s == site), [.. visits.Where(v => v.SiteId == site)],
            referrals.Count(r => r.SiteId == site && r.Overdue))).ToList();
        figures.Add(Figures("*", invited.Count, visits, referrals.Count(r => r.Overdue)));
        return figures;
    }

    /// <summary>Cohen's kappa per grader over the campaign's visits graded twice.</summary>
    public async Task<IReadOnlyDictionary<string, KappaResult>> GraderAgreementAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync(null,
            "SELECT DISTINCT g.visit_id FROM screening_gradings g JOIN screening_visits v ON v.consultation_id = g.visit_id WHERE v.campaign_id = @c AND g.step = 'Second'",
            r => r.Str("visit_id"), cancellationToken, ("@c", campaignId)).ConfigureAwait(false);
        var pairs = new List<DoubleGrading>();
        foreach (var id in ids)
        {
            if (await LoadVisitAsync(connection, null, id, cancellationToken).ConfigureAwait(false) is { Grading: { First: { } first, Second: { } second } })
            {
                pairs.Add(new DoubleGrading(first.GraderId, first.Grade, second.GraderId, second.Grade));
            }
        }

        return GraderAgreement.PerGrader(pairs);
    }

    private static SiteFigures Figures(string site, int invited, IReadOnlyList<VisitRow> visits, int overdue)
    {
        var graded = visits.Where(v => v.Stage == GradingStage.Final).ToList();
        var gradable = graded.Count(v => !Ungradable(v.FinalRight) && !Ungradable(v.FinalLeft));
        var referable = graded.Count(v => v.Outcome is ScreeningOutcome.RoutineReferral or ScreeningOutcome.UrgentReferral);
        var hours = graded.Where(v => v.FinalAt is not null).Select(v => (v.FinalAt!.Value - v.RegisteredAt).TotalHours).Order().ToList();
        return new SiteFigures(site, invited, visits.Count, graded.Count,
            graded.Count == 0 ? null : (double)gradable / graded.Count,
            graded.Count == 0 ? null : (double)referable / graded.Count,
            visits.Count - graded.Count,
            hours.Count == 0 ? null : hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[(hours.Count / 2) - 1] + hours[hours.Count / 2]) / 2,
            overdue);
    }

    // "U..." (ungradable retinopathy) or "...U" (ungradable macula, before any P flag).
    private static bool Ungradable(string? code) => code is not null && (code.StartsWith('U') || code.TrimEnd('P').EndsWith('U'));

    private static ReferralStatus ReadReferral(DbDataReader r, DateTimeOffset now)
    {
        var deadline = r.Time("deadline");
        var seen = DayOrNull(r, "seen_on");
        return new ReferralStatus(r.Str("visit_id"), r.Str("campaign_id"), r.Str("site_id"), r.Str("patient_id"), r.Enum<ScreeningOutcome>("outcome"), deadline, seen,
            r.StrOrNull("clinic_outcome"), seen is null && deadline < now);
    }
}
