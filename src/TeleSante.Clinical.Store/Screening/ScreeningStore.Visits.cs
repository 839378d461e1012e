using System.Data.Common;
using System.Text.Json;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store.Screening;

// Visits and grading steps.
public sealed partial class ScreeningStore
{
    /// <summary>Makes a consultation a screening visit of the campaign: the patient must be enrolled, the
    /// consultation's site must take part and the operator must work there. The visit enters the graders' worklist once the
    /// operator sends it (<see cref="SendToGradingAsync"/>), its photographs taken.</summary>
    public async Task<Outcome<VisitGrading>> RegisterVisitAsync(string consultationId, string campaignId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var consultation = (await connection.QueryAsync(transaction, "SELECT site_id, patient_id, opened_at FROM consultations WHERE id = @id",
            r => (Site: r.Str("site_id"), Patient: r.Str("patient_id"), OpenedAt: r.Time("opened_at")), cancellationToken, ("@id", consultationId)).ConfigureAwait(false))
            .Cast<(string Site, string Patient, DateTimeOffset OpenedAt)?>().SingleOrDefault();
        if (consultation is not { } c)
        {
            return Missing("consultation", consultationId);
        }

        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator) || !actor.Practitioner.WorksAt(c.Site))
        {
            return new Refusal(RefusalCode.OtherSite, "Only an operator of the consultation's site registers its screening visit.");
        }

        if (await LoadCampaignAsync(connection, transaction, campaignId, cancellationToken).ConfigureAwait(false) is not { } campaign)
        {
            return Missing("campaign", campaignId);
        }

        if (!campaign.SiteIds.Contains(c.Site, StringComparer.Ordinal))
        {
            return new Refusal(RefusalCode.OtherSite, $"Site {c.Site} does not take part in campaign {campaignId}.");
        }

        if (await LoadEnrolmentAsync(connection, transaction, campaignId, c.Patient, cancellationToken).ConfigureAwait(false) is null)
        {
            return new Refusal(RefusalCode.NotFound, $"The consultation's patient is not enrolled in campaign {campaignId}.");
        }

        try
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO screening_visits (consultation_id, campaign_id, patient_id, site_id, screened_on, registered_by, registered_at, stage, version)
                VALUES (@id, @c, @p, @s, @on, @by, @at, @stage, 1)
                """, cancellationToken,
                ("@id", consultationId), ("@c", campaignId), ("@p", c.Patient), ("@s", c.Site), ("@on", Day(DateOnly.FromDateTime(c.OpenedAt.UtcDateTime))),
                ("@by", actor.Id), ("@at", Sql.Ms(_time.GetUtcNow())), ("@stage", nameof(GradingStage.AwaitingFirstGrading))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return VisitGrading.Start(consultationId);
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return new Refusal(RefusalCode.Duplicate, $"consultation {consultationId} is already a screening visit");
        }
    }

    public async Task<ScreeningVisit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await LoadVisitAsync(connection, null, visitId, cancellationToken).ConfigureAwait(false))?.ToVisit();
    }

    /// <summary>The campaign's visits with a final grade, in the order they were registered.</summary>
    public async Task<IReadOnlyList<ScreeningVisit>> FinalVisitsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync(null, "SELECT consultation_id FROM screening_visits WHERE campaign_id = @c AND stage = @final ORDER BY registered_at, consultation_id",
            r => r.Str("consultation_id"), cancellationToken, ("@c", campaignId), ("@final", nameof(GradingStage.Final))).ConfigureAwait(false);
        var visits = new List<ScreeningVisit>(ids.Count);
        foreach (var id in ids)
        {
            visits.Add((await LoadVisitAsync(connection, null, id, cancellationToken).ConfigureAwait(false))!.ToVisit());
        }

        return visits;
    }

    /// <summary>One grading step (<see cref="GradingWorkflow"/>). When it makes the grade final: the recall or
    /// deadline is set, the enrolment moves on (next due date, run of results without retinopathy), and a referral or
    /// re-imaging is opened for tracking — all in the same transaction as the grading.</summary>
    public async Task<Outcome<VisitGrading>> SubmitGradingAsync(string visitId, Actor grader, EyeFeatures right, EyeFeatures left, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grader);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (await LoadVisitAsync(connection, transaction, visitId, cancellationToken).ConfigureAwait(false) is not { } visit)
            {
                return Missing("screening visit", visitId);
            }

            if (visit.Sent is null)
            {
                return NotSent(visitId);
            }

            var now = _time.GetUtcNow();
            var outcome = GradingWorkflow.Submit(visit.Grading, grader.Practitioner, right, left, now, _options);
            if (!outcome.Succeeded)
            {
                return outcome;
            }

            var next = outcome.Value;
            var (step, grading) = visit.Grading.Stage switch
            {
                GradingStage.AwaitingFirstGrading => ("First", next.First!),
                GradingStage.AwaitingSecondGrading => ("Second", next.Second!),
                _ => ("Arbitration", next.Arbitration!),
            };
            try
            {
                var changed = await connection.ExecuteAsync(transaction,
                    "UPDATE screening_visits SET stage = @stage, version = version + 1, differences = @diff WHERE consultation_id = @id AND version = @v", cancellationToken,
                    ("@stage", next.Stage.ToString()), ("@diff", next.Differences.Count == 0 ? null : JsonSerializer.Serialize(next.Differences.ToList(), ScreeningJson.Default.ListGradingDifference)),
                    ("@id", visitId), ("@v", visit.Version)).ConfigureAwait(false);
                if (changed == 1)
                {
                    await InsertGradingAsync(connection, transaction, visitId, step, grading, cancellationToken).ConfigureAwait(false);
                    if (next.Final is { } final)
                    {
                        await FinaliseAsync(connection, transaction, visit, final, cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return next;
                }
            }
            catch (DbException ex) when (Sql.IsUniqueViolation(ex) && attempt < MaxConflictRetries)
            {
                // Another grader's step landed first: decide again on the new state.
            }

            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            if (attempt >= MaxConflictRetries)
            {
                throw new InvalidOperationException($"Screening visit {visitId} kept changing under {MaxConflictRetries} attempts of one grading.");
            }
        }
    }

    /// <summary>The visits a grader may grade now: first and second gradings for a grader, arbitrations for an
    /// arbitration grader, never a visit they already graded; oldest first.</summary>
    public async Task<IReadOnlyList<GradingTask>> WorklistAsync(Practitioner grader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grader);
        var stages = new List<string>();
        if (grader.Has(ClinicalRoles.Grader))
        {
            stages.Add(nameof(GradingStage.AwaitingFirstGrading));
            stages.Add(nameof(GradingStage.AwaitingSecondGrading));
        }

        if (grader.Has(ClinicalRoles.ArbitrationGrader))
        {
            stages.Add(nameof(GradingStage.AwaitingArbitration));
        }

        if (stages.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(null,
            """
            SELECT v.consultation_id, v.campaign_id, v.site_id, v.screened_on, v.stage, v.registered_at, v.sent_at FROM screening_visits v
            WHERE v.stage <> @final AND v.sent_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM screening_gradings g WHERE g.visit_id = v.consultation_id AND g.grader_id = @me)
            ORDER BY v.registered_at, v.consultation_id
            """,
            r => new GradingTask(r.Str("consultation_id"), r.Str("campaign_id"), r.Str("site_id"), ParseDay(r.Str("screened_on")), r.Enum<GradingStage>("stage"),
                r.Time("registered_at"), r.Time("sent_at")), cancellationToken, ("@final", nameof(GradingStage.Final)), ("@me", grader.Id)).ConfigureAwait(false);
        return [.. rows.Where(t => stages.Contains(t.Stage.ToString()))];
    }

    private async Task FinaliseAsync(DbConnection connection, DbTransaction transaction, StoredVisit visit, Grading final, CancellationToken cancellationToken)
    {
        var enrolment = await LoadEnrolmentAsync(connection, transaction, visit.CampaignId, visit.PatientId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Screening visit {visit.Grading.VisitId} has no enrolment.");
        var recall = ScreeningSchedule.Next(visit.ScreenedOn, final.At, final.Grade, enrolment.ConsecutiveNoRetinopathy, _options);
        await connection.ExecuteAsync(transaction,
            """
            UPDATE screening_visits SET outcome = @outcome, final_right = @r, final_left = @l, final_at = @at, next_screening_due = @due,
              action_deadline = @deadline, recall_rule = @rule WHERE consultation_id = @id
            """, cancellationToken,
            ("@outcome", recall.Outcome.ToString()), ("@r", final.Grade.Right.Code), ("@l", final.Grade.Left.Code), ("@at", Sql.Ms(final.At)),
            ("@due", Day(recall.NextScreeningDue)), ("@deadline", Sql.Ms(recall.ActionDeadline)), ("@rule", recall.Rule), ("@id", visit.Grading.VisitId)).ConfigureAwait(false);

        // A technical failure keeps the patient due by the re-imaging deadline; a referral hands them to the eye clinic.
        var nextDue = recall.NextScreeningDue ?? (recall.Outcome == ScreeningOutcome.TechnicalFailure ? DateOnly.FromDateTime(recall.ActionDeadline!.Value.UtcDateTime) : null);
        await connection.ExecuteAsync(transaction,
            """
            UPDATE screening_enrolments SET last_screened_on = @on, consecutive_no_retinopathy = @n, under_eye_clinic = @clinic, next_due = @due
            WHERE campaign_id = @c AND patient_id = @p
            """, cancellationToken,
            ("@on", Day(visit.ScreenedOn)), ("@n", (long)ScreeningSchedule.ConsecutiveNoRetinopathy(final.Grade, enrolment.ConsecutiveNoRetinopathy)),
            ("@clinic", Sql.Flag(final.Grade.Referable)), ("@due", Day(nextDue)), ("@c", visit.CampaignId), ("@p", visit.PatientId)).ConfigureAwait(false);
        if (recall.ActionDeadline is { } deadline)
        {
            await connection.ExecuteAsync(transaction, "INSERT INTO screening_referrals (visit_id, outcome, deadline) VALUES (@id, @outcome, @deadline)", cancellationToken,
                ("@id", visit.Grading.VisitId), ("@outcome", recall.Outcome.ToString()), ("@deadline", Sql.Ms(deadline))).ConfigureAwait(false);
        }
    }

    private static Task InsertGradingAsync(DbConnection connection, DbTransaction transaction, string visitId, string step, Grading grading, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction,
            """
            INSERT INTO screening_gradings (visit_id, step, grader_id, right_features, left_features, right_code, left_code, outcome, at)
            VALUES (@id, @step, @grader, @rf, @lf, @rc, @lc, @outcome, @at)
            """, cancellationToken,
            ("@id", visitId), ("@step", step), ("@grader", grading.GraderId), ("@rf", Json(grading.Right)), ("@lf", Json(grading.Left)),
            ("@rc", grading.Grade.Right.Code), ("@lc", grading.Grade.Left.Code), ("@outcome", grading.Grade.Outcome.ToString()), ("@at", Sql.Ms(grading.At)));

    private static async Task<StoredVisit?> LoadVisitAsync(DbConnection connection, DbTransaction? transaction, string visitId, CancellationToken cancellationToken)
    {
        var row = (await connection.QueryAsync(transaction, "SELECT * FROM screening_visits WHERE consultation_id = @id",
            r => (Campaign: r.Str("campaign_id"), Site: r.Str("site_id"), Patient: r.Str("patient_id"), On: ParseDay(r.Str("screened_on")), Stage: r.Enum<GradingStage>("stage"),
                Version: r.Long("version"), Differences: r.StrOrNull("differences"), Sent: ReadGradingRequest(r)), cancellationToken, ("@id", visitId)).ConfigureAwait(false))
            .Cast<(string Campaign, string Site, string Patient, DateOnly On, GradingStage Stage, long Version, string? Differences, GradingRequest? Sent)?>().SingleOrDefault();
        if (row is not { } v)
        {
            return null;
        }

        var gradings = await connection.QueryAsync(transaction, "SELECT * FROM screening_gradings WHERE visit_id = @id", r =>
        {
            var right = Features(r.Str("right_features"));
            var left = Features(r.Str("left_features"));
            return (Step: r.Str("step"), Grading: new Grading(r.Str("grader_id"), right, left, GradingRules.GradeVisit(right, left), r.Time("at")));
        }, cancellationToken, ("@id", visitId)).ConfigureAwait(false);
        Grading? Step(string name) => gradings.Where(g => g.Step == name).Select(g => g.Grading).SingleOrDefault();
        var differences = v.Differences is null ? [] : JsonSerializer.Deserialize(v.Differences, ScreeningJson.Default.ListGradingDifference) ?? [];
        return new StoredVisit(new VisitGrading(visitId, v.Stage, Step("First"), Step("Second"), Step("Arbitration"), differences), v.Campaign, v.Site, v.Patient, v.On, v.Version, v.Sent);
    }
}
