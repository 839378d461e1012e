using System.Data.Common;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store.Internal;
using TeleSante.Clinical.Turnaround;

namespace TeleSante.Clinical.Store;

// Tele-expertise requests, their audit trail and their signed reports.
public sealed partial class ClinicalStore
{
    private const string Recording = "recording";
    private const string Vitals = "vitals";
    private const string Image = "image";

    /// <summary>Creates a draft from an open consultation whose consent covers the specialty.</summary>
    public async Task<Outcome<TeleExpertiseRequest>> CreateRequestAsync(NewRequest input, string consultationId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadConsultationAsync(connection, transaction, consultationId, cancellationToken).ConfigureAwait(false) is not { } consultation)
        {
            return Missing("consultation", consultationId);
        }

        var consent = await LoadConsentAsync(connection, transaction, consultation.ConsentId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"consultation {consultationId} names a missing consent");
        var outcome = _workflow.Create(input, consultation, consent, actor, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome.Refusal;
        }

        var request = outcome.Value.Request;
        try
        {
            await InsertRequestAsync(connection, transaction, request, cancellationToken).ConfigureAwait(false);
            await InsertEventAsync(connection, transaction, outcome.Value.Event, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return request;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return new Refusal(RefusalCode.Duplicate, $"request {request.Id} already exists");
        }
    }

    public Task<Outcome<TeleExpertiseRequest>> SubmitAsync(string requestId, Actor actor, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Submit(x.Request, x.Consultation, x.Consent, actor, now), cancellationToken);

    /// <summary>Of several specialists accepting at once, exactly one succeeds; the others get
    /// <see cref="RefusalCode.AlreadyAccepted"/>.</summary>
    public Task<Outcome<TeleExpertiseRequest>> AcceptAsync(string requestId, Actor actor, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Accept(x.Request, x.Consent, actor, now), cancellationToken);

    public Task<Outcome<TeleExpertiseRequest>> DeclineAsync(string requestId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Decline(x.Request, reason, actor, now), cancellationToken);

    public Task<Outcome<TeleExpertiseRequest>> ResubmitAsync(string requestId, string? revisedQuestion, Actor actor, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Resubmit(x.Request, revisedQuestion, x.Consent, actor, now), cancellationToken);

    public Task<Outcome<TeleExpertiseRequest>> CancelAsync(string requestId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Cancel(x.Request, reason, actor, now), cancellationToken);

    public Task<Outcome<TeleExpertiseRequest>> ExpireAsync(string requestId, CancellationToken cancellationToken = default) =>
        RequestStepAsync(requestId, (x, now) => _workflow.Expire(x.Request, now), cancellationToken);

    /// <summary>The accepting specialist signs the first report; the request becomes answered. Its review against the
    /// request's machine proposals (issue 12) is stored with it, in the same transaction.</summary>
    /// <param name="statements">The rhythm statements signed, compared with the proposed ones; null: not reviewed.</param>
    public async Task<Outcome<ReportSigning>> AnswerAsync(string requestId, EcgFindings findings, Actor actor, CancellationToken cancellationToken = default,
        IReadOnlyList<string>? statements = null)
    {
        // Proposals never change once stored, so reading them outside the step's transaction is safe.
        var review = ReportReview.Of(await GetEcgProposalsAsync(requestId, cancellationToken).ConfigureAwait(false), findings, statements);
        return await StepAsync(requestId, (x, now) => WithReview(_workflow.Answer(x.Request, findings, actor, now), review), s => s.Change,
            (c, t, s) => InsertReportAsync(c, t, s.Report, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A corrected report: a new signed version with its reason, the earlier ones kept unchanged; reviewed against
    /// the same proposals as the first.</summary>
    public async Task<Outcome<ReportSigning>> AmendAsync(string requestId, EcgFindings findings, string reason, Actor actor, CancellationToken cancellationToken = default,
        IReadOnlyList<string>? statements = null)
    {
        var review = ReportReview.Of(await GetEcgProposalsAsync(requestId, cancellationToken).ConfigureAwait(false), findings, statements);
        return await StepAsync(requestId, (x, now) => x.LatestReport is { } current
                ? WithReview(_workflow.Amend(x.Request, current, findings, reason, actor, now), review)
                : new Refusal(RefusalCode.WrongState, $"request {requestId} has no signed report to amend"),
            s => s.Change, (c, t, s) => InsertReportAsync(c, t, s.Report, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static Outcome<ReportSigning> WithReview(Outcome<ReportSigning> signing, ReportReview? review) =>
        signing.Succeeded && review is not null ? signing.Value with { Report = signing.Value.Report with { Review = review } } : signing;

    public async Task<TeleExpertiseRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadRequestAsync(connection, null, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Requests, optionally of one specialty, ordered by due time (drafts last). The worklist's query.</summary>
    public async Task<IReadOnlyList<TeleExpertiseRequest>> ListRequestsAsync(string? specialty = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Two statements rather than "@specialty IS NULL OR …": PostgreSQL cannot type an untyped null parameter (42P08).
        const string order = " ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id";
        var ids = specialty is null
            ? await connection.QueryAsync(null, "SELECT id FROM requests" + order, r => r.Str("id"), cancellationToken).ConfigureAwait(false)
            : await connection.QueryAsync(null, "SELECT id FROM requests WHERE specialty = @specialty" + order, r => r.Str("id"), cancellationToken,
                ("@specialty", specialty)).ConfigureAwait(false);
        var requests = new List<TeleExpertiseRequest>(ids.Count);
        foreach (var id in ids)
        {
            requests.Add((await LoadRequestAsync(connection, null, id, cancellationToken).ConfigureAwait(false))!);
        }

        return requests;
    }

    /// <summary>The audit trail of a request, oldest first.</summary>
    public async Task<IReadOnlyList<RequestEvent>> GetEventsAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null, "SELECT * FROM request_events WHERE request_id = @id ORDER BY version", r => new RequestEvent(
                r.Str("request_id"), (int)r.Long("version"), r.Enum<RequestAction>("action"), r.EnumOrNull<RequestState>("from_state"),
                r.Enum<RequestState>("to_state"), r.Str("actor_id"), r.Str("from_address"), r.Time("at"), r.StrOrNull("detail")),
            cancellationToken, ("@id", requestId)).ConfigureAwait(false);
    }

    /// <summary>Every signed version of the request's report, oldest first.</summary>
    public async Task<IReadOnlyList<Report>> GetReportsAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadReportsAsync(connection, null, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turnaround per specialty and priority, overdue counted at the store's clock.</summary>
    public async Task<IReadOnlyList<TurnaroundFigures>> GetTurnaroundAsync(string? specialty = null, CancellationToken cancellationToken = default) =>
        new TurnaroundStatistics(_time).Aggregate(await ListRequestsAsync(specialty, cancellationToken).ConfigureAwait(false));

    private Task<Outcome<TeleExpertiseRequest>> RequestStepAsync(string requestId, Func<RequestContext, DateTimeOffset, Outcome<RequestChange>> decide,
        CancellationToken cancellationToken) =>
        MapAsync(StepAsync(requestId, decide, change => change, null, cancellationToken));

    private static async Task<Outcome<TeleExpertiseRequest>> MapAsync(Task<Outcome<RequestChange>> step)
    {
        var outcome = await step.ConfigureAwait(false);
        return outcome.Succeeded ? outcome.Value.Request : outcome.Refusal;
    }

    private static async Task<RequestContext?> LoadContextAsync(DbConnection connection, DbTransaction transaction, string requestId, CancellationToken cancellationToken)
    {
        if (await LoadRequestAsync(connection, transaction, requestId, cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return null;
        }

        var consultation = await LoadConsultationAsync(connection, transaction, request.ConsultationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"request {requestId} names a missing consultation");
        var consent = await LoadConsentAsync(connection, transaction, consultation.ConsentId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"consultation {consultation.Id} names a missing consent");
        var reports = await LoadReportsAsync(connection, transaction, requestId, cancellationToken).ConfigureAwait(false);
        return new RequestContext(request, consultation, consent, reports.Count > 0 ? reports[^1] : null);
    }

    private static async Task<TeleExpertiseRequest?> LoadRequestAsync(DbConnection connection, DbTransaction? transaction, string requestId, CancellationToken cancellationToken)
    {
        var attachments = await connection.QueryAsync(transaction, "SELECT * FROM request_attachments WHERE request_id = @id ORDER BY ordinal",
            r => (Kind: r.Str("kind"), Device: r.StrOrNull("device_id"), From: r.TimeOrNull("from_ms"), To: r.TimeOrNull("to_ms"), Image: r.StrOrNull("image_id")),
            cancellationToken, ("@id", requestId)).ConfigureAwait(false);
        var data = new AttachedData(
            [.. attachments.Where(a => a.Kind == Recording).Select(a => new RecordingRange(a.Device!, a.From!.Value, a.To!.Value))],
            [.. attachments.Where(a => a.Kind == Vitals).Select(a => new RecordingRange(a.Device!, a.From!.Value, a.To!.Value))],
            [.. attachments.Where(a => a.Kind == Image).Select(a => a.Image!)]);
        var rows = await connection.QueryAsync(transaction, "SELECT * FROM requests WHERE id = @id", r => new TeleExpertiseRequest(
                r.Str("id"), r.Str("consultation_id"), r.Str("patient_id"), r.Str("site_id"), r.Enum<RequestKind>("kind"), r.Str("specialty"),
                r.Str("question"), r.Str("clinical_context"), data, r.Enum<Priority>("priority"), r.Enum<RequestState>("state"), r.Str("requested_by"),
                r.Time("created_at"), r.TimeOrNull("submitted_at"), r.TimeOrNull("due_at"), r.StrOrNull("accepted_by"), r.TimeOrNull("accepted_at"),
                r.TimeOrNull("answered_at"), r.StrOrNull("decline_reason"), (int)r.Long("version")),
            cancellationToken, ("@id", requestId)).ConfigureAwait(false);
        return rows.SingleOrDefault() is { } request
            ? request with { Triage = await LoadTriageAsync(connection, transaction, requestId, cancellationToken).ConfigureAwait(false) }
            : null;
    }

    private static async Task InsertRequestAsync(DbConnection connection, DbTransaction transaction, TeleExpertiseRequest request, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO requests (id, consultation_id, patient_id, site_id, kind, specialty, question, clinical_context, priority, state, requested_by,
                                  created_at, submitted_at, due_at, accepted_by, accepted_at, answered_at, decline_reason, version)
            VALUES (@id, @consultation, @patient, @site, @kind, @specialty, @question, @context, @priority, @state, @by,
                    @created, @submitted, @due, @acceptedBy, @acceptedAt, @answered, @decline, @version)
            """, cancellationToken,
            ("@id", request.Id), ("@consultation", request.ConsultationId), ("@patient", request.PatientId), ("@site", request.SiteId),
            ("@kind", request.Kind.ToString()), ("@specialty", request.Specialty), ("@question", request.Question), ("@context", request.ClinicalContext),
            ("@priority", request.Priority.ToString()), ("@state", request.State.ToString()), ("@by", request.RequestedBy), ("@created", Sql.Ms(request.CreatedAt)),
            ("@submitted", Sql.Ms(request.SubmittedAt)), ("@due", Sql.Ms(request.DueAt)), ("@acceptedBy", request.AcceptedBy), ("@acceptedAt", Sql.Ms(request.AcceptedAt)),
            ("@answered", Sql.Ms(request.AnsweredAt)), ("@decline", request.DeclineReason), ("@version", (long)request.Version)).ConfigureAwait(false);
        var ordinal = 0L;
        var rows = request.Attachments.Recordings.Select(r => (Recording, (string?)r.DeviceId, (long?)Sql.Ms(r.From), (long?)Sql.Ms(r.To), (string?)null))
            .Concat(request.Attachments.Vitals.Select(r => (Vitals, (string?)r.DeviceId, (long?)Sql.Ms(r.From), (long?)Sql.Ms(r.To), (string?)null)))
            .Concat(request.Attachments.ImageIds.Select(i => (Image, (string?)null, (long?)null, (long?)null, (string?)i)));
        foreach (var (kind, device, from, to, image) in rows)
        {
            await connection.ExecuteAsync(transaction,
                "INSERT INTO request_attachments (request_id, ordinal, kind, device_id, from_ms, to_ms, image_id) VALUES (@id, @n, @kind, @device, @from, @to, @image)",
                cancellationToken, ("@id", request.Id), ("@n", ordinal++), ("@kind", kind), ("@device", device), ("@from", from), ("@to", to), ("@image", image))
                .ConfigureAwait(false);
        }
    }

    /// <summary>Writes the step's new version only if the row is still at <paramref name="expectedVersion"/>; 0 rows: lost the race.</summary>
    private static Task<int> UpdateRequestAsync(DbConnection connection, DbTransaction transaction, TeleExpertiseRequest request, int expectedVersion,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction,
            """
            UPDATE requests SET state = @state, question = @question, submitted_at = @submitted, due_at = @due, accepted_by = @acceptedBy,
                                accepted_at = @acceptedAt, answered_at = @answered, decline_reason = @decline, version = @version
            WHERE id = @id AND version = @expected
            """, cancellationToken,
            ("@state", request.State.ToString()), ("@question", request.Question), ("@submitted", Sql.Ms(request.SubmittedAt)), ("@due", Sql.Ms(request.DueAt)),
            ("@acceptedBy", request.AcceptedBy), ("@acceptedAt", Sql.Ms(request.AcceptedAt)), ("@answered", Sql.Ms(request.AnsweredAt)),
            ("@decline", request.DeclineReason), ("@version", (long)request.Version), ("@id", request.Id), ("@expected", (long)expectedVersion));

    private static Task<int> InsertEventAsync(DbConnection connection, DbTransaction transaction, RequestEvent e, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction,
            """
            INSERT INTO request_events (request_id, version, action, from_state, to_state, actor_id, from_address, at, detail)
            VALUES (@id, @version, @action, @from, @to, @actor, @address, @at, @detail)
            """, cancellationToken,
            ("@id", e.RequestId), ("@version", (long)e.Version), ("@action", e.Action.ToString()), ("@from", e.FromState?.ToString()), ("@to", e.ToState.ToString()),
            ("@actor", e.ActorId), ("@address", e.From), ("@at", Sql.Ms(e.At)), ("@detail", e.Detail));

    private static async Task InsertReportAsync(DbConnection connection, DbTransaction transaction, Report report, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO reports (request_id, version, signed_by, signer_name, signer_rpps, signed_at, correction_reason)
            VALUES (@id, @version, @by, @name, @rpps, @at, @reason)
            """, cancellationToken,
            ("@id", report.RequestId), ("@version", (long)report.Version), ("@by", report.SignedBy), ("@name", report.SignerName),
            ("@rpps", report.SignerRpps.Value), ("@at", Sql.Ms(report.SignedAt)), ("@reason", report.CorrectionReason)).ConfigureAwait(false);
        var f = report.Findings;
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO ecg_findings (request_id, version, rhythm, rate_bpm, pr_ms, qrs_ms, qt_ms, qtc_ms, axis_degrees, conclusion, follow_up, free_text)
            VALUES (@id, @version, @rhythm, @rate, @pr, @qrs, @qt, @qtc, @axis, @conclusion, @followUp, @text)
            """, cancellationToken,
            ("@id", report.RequestId), ("@version", (long)report.Version), ("@rhythm", f.Rhythm), ("@rate", (long)f.RateBpm), ("@pr", (long?)f.PrMs),
            ("@qrs", (long?)f.QrsMs), ("@qt", (long?)f.QtMs), ("@qtc", (long?)f.QtcMs), ("@axis", (long?)f.AxisDegrees), ("@conclusion", f.Conclusion),
            ("@followUp", f.FollowUp.ToString()), ("@text", f.FreeText)).ConfigureAwait(false);
        if (report.Review is { } review)
        {
            await InsertReviewAsync(connection, transaction, report.RequestId, report.Version, review, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<Report>> LoadReportsAsync(DbConnection connection, DbTransaction? transaction, string requestId, CancellationToken cancellationToken)
    {
        var reports = await connection.QueryAsync(transaction,
            """
            SELECT r.request_id, r.version, r.signed_by, r.signer_name, r.signer_rpps, r.signed_at, r.correction_reason,
                   f.rhythm, f.rate_bpm, f.pr_ms, f.qrs_ms, f.qt_ms, f.qtc_ms, f.axis_degrees, f.conclusion, f.follow_up, f.free_text
            FROM reports r JOIN ecg_findings f ON f.request_id = r.request_id AND f.version = r.version
            WHERE r.request_id = @id ORDER BY r.version
            """, r => new Report(r.Str("request_id"), (int)r.Long("version"),
                new EcgFindings(r.Str("rhythm"), (int)r.Long("rate_bpm"), r.IntOrNull("pr_ms"), r.IntOrNull("qrs_ms"), r.IntOrNull("qt_ms"), r.IntOrNull("qtc_ms"),
                    r.IntOrNull("axis_degrees"), r.Str("conclusion"), r.Enum<FollowUpUrgency>("follow_up"), r.StrOrNull("free_text")),
                r.Str("signed_by"), r.Str("signer_name"), Rpps.Parse(r.Str("signer_rpps")), r.Time("signed_at"), r.StrOrNull("correction_reason")),
            cancellationToken, ("@id", requestId)).ConfigureAwait(false);
        if (reports.Count == 0)
        {
            return reports;
        }

        var reviews = await LoadReviewsAsync(connection, transaction, requestId, cancellationToken).ConfigureAwait(false);
        return [.. reports.Select(r => reviews.TryGetValue(r.Version, out var review) ? r with { Review = review } : r)];
    }
}
