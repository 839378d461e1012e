using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Gateway.Clinical;

namespace TeleSante.Gateway.Screening;

internal static class ScreeningEndpoints
{
    /// <summary>
    /// Diabetic retinopathy screening (issue 13): campaigns, enrolment and due list, visits, the grading steps and the
    /// graders' worklist. Rules decide in TeleSante.Clinical.Screening; every call is audited with its outcome and a
    /// refusal is a problem document with its <c>code</c>, as for the rest of the clinical API.
    /// </summary>
    public static IEndpointRouteBuilder MapScreening(this IEndpointRouteBuilder app)
    {
        var screening = app.MapGroup("/api/screening").RequireAuthorization();

        screening.MapPost("/campaigns", async (CampaignInput input, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.CreateCampaignAsync(input.Id, input.Name, input.SiteIds ?? [], input.StartsOn, input.EndsOn, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.campaign.create", "campaign/" + input.Id, outcome,
                c => Results.Created($"/api/screening/campaigns/{c.Id}", c));
        });

        screening.MapPost("/campaigns/{id}/enrolments", async (string id, EnrolmentInput input, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.EnrolAsync(id, input.PatientId, input.SiteId, input.LastScreenedOn,
                input.ConsecutiveNoRetinopathy, input.UnderEyeClinic, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.enrol", "patient/" + input.PatientId, outcome,
                e => Results.Created($"/api/screening/campaigns/{id}/enrolments/{e.PatientId}", e));
        });

        // The due list names patients: an administrator sees every site's, an operator their own sites'.
        screening.MapGet("/campaigns/{id}/due", async (string id, DateOnly? asOf, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http,
            TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                var due = await store.DueListAsync(id, asOf ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);
                return SiteReader(actor) is { } mayRead ? Outcome<IReadOnlyList<Enrolment>>.Success([.. due.Where(e => mayRead(e.SiteId))])
                    : new Refusal(RefusalCode.WrongRole, "the due list is read by an administrator or a site operator");
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.due.read", "campaign/" + id, outcome, d => Results.Ok(d));
        });

        // Photographs the camera sent into the consultation before it was registered become the visit's captures (adopted).
        screening.MapPost("/visits", async (ScreeningVisitInput input, ClinicalActors actors, ScreeningStore store, ScreeningCaptureRecorder captures, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.RegisterVisitAsync(input.ConsultationId, input.CampaignId, actor, ct));
            var adopted = outcome.Succeeded
                ? await captures.AdoptAsync(outcome.Value.VisitId, http.User.FindFirst("sub")?.Value ?? "unknown", http.Connection.RemoteIpAddress?.ToString(), ct)
                : [];
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.visit.register", "consultation/" + input.ConsultationId, outcome,
                v => Results.Created($"/api/screening/visits/{v.VisitId}", new { id = v.VisitId, stage = v.Stage.ToString(), adoptedImageIds = adopted }));
        });

        // A visit's gradings are read by graders (they grade it) and by the operators of its site (they follow it).
        screening.MapGet("/visits/{id}", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                if (await store.GetVisitAsync(id, ct) is not { } visit)
                {
                    return new Refusal(RefusalCode.NotFound, $"screening visit {id} does not exist");
                }

                var p = actor.Practitioner;
                return p.Has(ClinicalRoles.Grader) || p.Has(ClinicalRoles.ArbitrationGrader) || (p.Has(ClinicalRoles.SiteOperator) && p.WorksAt(visit.SiteId))
                    ? Outcome<ScreeningVisit>.Success(visit)
                    : new Refusal(RefusalCode.WrongRole, "a screening visit is read by graders and by the operators of its site");
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.visit.read", "screening-visit/" + id, outcome, v => Results.Ok(ScreeningViews.Visit(v)));
        });

        // Opening a visit to grade it assigns its session (the photographs) to the grader, as accepting a request does for a
        // specialist: a grader sees the photographs of the visits they grade or graded, no others.
        screening.MapPost("/visits/{id}/open", async (string id, ClinicalActors actors, ScreeningStore store, IAssignmentStore assignments, IAuditTrail audit, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                if (await store.GetVisitAsync(id, ct) is not { } visit)
                {
                    return new Refusal(RefusalCode.NotFound, $"screening visit {id} does not exist");
                }

                if (visit.Sent is null)
                {
                    return new Refusal(RefusalCode.WrongState, $"screening visit {id} has not been sent to grading yet");
                }

                if (!visit.Grading.GradedBy(actor.Id) && GradingWorkflow.MayGradeNow(visit.Grading, actor.Practitioner) is { } refusal)
                {
                    return refusal;
                }

                await assignments.GrantAsync(id, actor.Id, actor.Id, ct);
                await audit.RecordAsync(new AuditEntry(actor.Id, "assignment.grant", "session/" + id, AuditEntry.Allowed, actor.From, "screening grading"), ct);
                return Outcome<ScreeningVisit>.Success(visit);
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.visit.open", "screening-visit/" + id, outcome, v => Results.Ok(ScreeningViews.Visit(v)));
        });

        screening.MapPost("/visits/{id}/gradings", async (string id, GradingInput input, ClinicalActors actors, ScreeningStore store, FundusWorklistNotifier worklists,
            IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                if (input.Right?.ToFeatures() is not { } right || input.Left?.ToFeatures() is not { } left)
                {
                    return new Refusal(RefusalCode.InvalidInput, "both eyes' forms are required, with known haemorrhage and laser-scar values");
                }

                var graded = await store.SubmitGradingAsync(id, actor, right, left, ct);
                return graded.Succeeded ? await store.GetVisitAsync(id, ct) is { } v ? Outcome<ScreeningVisit>.Success(v) : new Refusal(RefusalCode.NotFound, id) : graded.Refusal;
            });
            var answer = await ClinicalProblems.AnswerAsync(audit, http, "screening.grade", "screening-visit/" + id, outcome, v => Results.Ok(ScreeningViews.Visit(v)));
            if (outcome.Succeeded)
            {
                await worklists.VisitChangedAsync(outcome.Value);
            }

            return answer;
        });

        screening.MapGet("/worklist", async (ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
                actor.Practitioner.Has(ClinicalRoles.Grader) || actor.Practitioner.Has(ClinicalRoles.ArbitrationGrader)
                    ? Outcome<IReadOnlyList<GradingTask>>.Success(await store.WorklistAsync(actor.Practitioner, ct))
                    : new Refusal(RefusalCode.WrongRole, "the grading worklist is a grader's"));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.worklist.read", "worklist/screening", outcome, w => Results.Ok(w.Select(ScreeningViews.Task)));
        });

        app.MapScreeningCaptures(screening);
        app.MapScreeningTracking(screening);
        return app;
    }

    /// <summary>Which sites' patients the actor may list: every site for an administrator, their own for a site
    /// operator; null for anyone else.</summary>
    internal static Func<string, bool>? SiteReader(Actor actor) =>
        actor.Practitioner.Has(ClinicalRoles.Administrator) ? _ => true
        : actor.Practitioner.Has(ClinicalRoles.SiteOperator) ? actor.Practitioner.WorksAt
        : null;

}
