using Microsoft.AspNetCore.Http.Connections;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Gateway.Attribution;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Clinical;

internal static class ClinicalEndpoints
{
    /// <summary>
    /// Consultations and tele-expertise (issue 11), for authenticated practitioners in the clinical directory. The
    /// workflow's rules decide (role, site, specialty, state, consent); every step and every read of patient data
    /// is audited, refusals included, and a refusal is a problem document with its <c>code</c> (README table).
    /// </summary>
    public static IEndpointRouteBuilder MapClinical(this IEndpointRouteBuilder app)
    {
        var clinical = app.MapGroup("/api/clinical").RequireAuthorization();

        clinical.MapPost("/patients", async (PatientInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var resource = "patient/" + input.Id;
            var outcome = await actors.RunAsync<Patient>(http, ct, async actor =>
            {
                // Only a site operator records a patient; the INS is checked but never part of a message.
                if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator))
                {
                    return new Refusal(RefusalCode.WrongRole, "a patient is recorded by a site operator");
                }

                Ins? ins = null;
                if (input.Ins is not null && !Ins.TryCreate(input.Ins, input.InsOid ?? Ins.NirOid, out ins, out var insError))
                {
                    return new Refusal(RefusalCode.InvalidInput, "INS: " + insError);
                }

                if (!TryEnum<Sex>(input.Sex, out var sex))
                {
                    return new Refusal(RefusalCode.InvalidInput, "unknown sex");
                }

                var patient = Patient.Create(input.Id, ins, input.BirthFamilyName, input.BirthGivenNames, input.FirstGivenName, input.BirthDate, sex,
                    input.BirthPlaceCode, input.IdentityDocumentChecked);
                return patient.Succeeded ? await store.AddPatientAsync(patient.Value, ct) : patient;
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.patient.add", resource, outcome,
                p => Results.Created($"/api/clinical/patients/{p.Id}", new { p.Id, Status = p.Status.ToString(), HasIns = p.Ins is not null }));
        });

        clinical.MapPost("/consents", async (ConsentInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.CollectConsentAsync(input.Id, input.PatientId, input.InformationGiven,
                input.Specialties ?? [], input.ShareReportWithTreatingGp, input.TreatingGp, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consent.collect", "patient/" + input.PatientId, outcome,
                c => Results.Created($"/api/clinical/consents/{c.Id}", c));
        });

        clinical.MapPost("/consents/{id}/withdraw", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.WithdrawConsentAsync(id, input.Reason, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consent.withdraw", "consent/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/consultations", async (ConsultationInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, OpenConsultations attribution, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.OpenConsultationAsync(input.Id, input.StationId, input.PatientId, input.ConsentId, actor, ct));
            attribution.OnConsultationOpened(outcome); // before the answer: the station's readings are accepted from now on
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consultation.open", "consultation/" + input.Id, outcome,
                c => Results.Created($"/api/clinical/consultations/{c.Id}", c));
        });

        clinical.MapPost("/consultations/{id}/close", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, OpenConsultations attribution, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.CloseConsultationAsync(id, actor, ct));
            attribution.OnConsultationClosed(outcome); // before the answer: later readings naming it are refused
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consultation.close", "consultation/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/requests", async (RequestInput input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, EcgProposalsService proposals,
            IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<TeleExpertiseRequest>(http, ct, async actor =>
            {
                if (!TryEnum<RequestKind>(input.Kind, out var kind) || !TryEnum<Priority>(input.Priority, out var priority))
                {
                    return new Refusal(RefusalCode.InvalidInput, "unknown kind or priority");
                }

                var draft = new NewRequest(input.Id, kind, input.Specialty, input.Question, input.ClinicalContext ?? "",
                    new AttachedData(input.Recordings ?? [], input.Vitals ?? [], input.ImageIds ?? []), priority);
                var created = await store.CreateRequestAsync(draft, input.ConsultationId, actor, ct);
                // A draft whose submission is refused stays a draft (the requester may cancel it); the refusal is answered.
                return created.Succeeded ? await store.SubmitAsync(input.Id, actor, ct) : created;
            });
            // Issue 12: an ECG request's proposals and triage are stored before anyone is told of it.
            outcome = await proposals.OnSubmittedAsync(outcome, ct);
            var answer = await ClinicalProblems.AnswerAsync(audit, http, "clinical.request.submit", "request/" + input.Id, outcome,
                r => Results.Created($"/api/clinical/requests/{r.Id}", ClinicalViews.Request(r, null)));
            await AfterAsync(effects, http, RequestAction.Submit, outcome, released: null);
            return answer;
        });

        clinical.MapGet("/worklist", async (ClinicalActors actors, ClinicalStore store, ScreeningStore screening, IAuditTrail audit, TimeProvider time, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => ClinicalWorklist.ReadAsync(store, screening, actor, time.GetUtcNow(), ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.worklist.read", "worklist/" + http.User.FindFirst("sub")?.Value, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/requests/{id}/accept", async (string id, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.AcceptAsync(id, actor, ct));
            var answer = await ClinicalProblems.AnswerAsync(audit, http, "clinical.request.accept", "request/" + id, outcome, r => Results.Ok(ClinicalViews.Request(r, null)));
            await AfterAsync(effects, http, RequestAction.Accept, outcome, released: null);
            // Accepting again what one already holds is refused, but repairs the recording access should granting it have failed the first time.
            if (outcome.Refusal?.Code == RefusalCode.AlreadyAccepted && await store.GetRequestAsync(id, ct) is { } held && held.AcceptedBy == http.User.ActorId())
            {
                await effects.GrantAsync(held, held.AcceptedBy, held.AcceptedBy, http.Connection.RemoteIpAddress?.ToString());
            }

            return answer;
        });

        clinical.MapPost("/requests/{id}/decline", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
        {
            // Who held the request before the decline, whose recording access it ends (the step clears AcceptedBy).
            var holder = (await store.GetRequestAsync(id, ct))?.AcceptedBy;
            return await StepAsync(actors, effects, audit, http, id, "clinical.request.decline", RequestAction.Decline, actor => store.DeclineAsync(id, input.Reason, actor, ct),
                r => holder == http.User.ActorId() ? holder : null, ct);
        });

        clinical.MapPost("/requests/{id}/cancel", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
            await StepAsync(actors, effects, audit, http, id, "clinical.request.cancel", RequestAction.Cancel, actor => store.CancelAsync(id, input.Reason, actor, ct),
                r => r.AcceptedBy, ct));

        clinical.MapPost("/requests/{id}/resubmit", async (string id, ResubmitInput? input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
            await StepAsync(actors, effects, audit, http, id, "clinical.request.resubmit", RequestAction.Resubmit, actor => store.ResubmitAsync(id, input?.Question, actor, ct),
                _ => null, ct));

        clinical.MapPost("/requests/{id}/report", async (string id, ReportInput input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
            await SignAsync(actors, effects, audit, http, id, "clinical.report.sign", RequestAction.Answer, input.FollowUp,
                followUp => new EcgFindings(input.Rhythm, input.RateBpm, input.PrMs, input.QrsMs, input.QtMs, input.QtcMs, input.AxisDegrees, input.Conclusion,
                    followUp, input.FreeText),
                (findings, actor) => store.AnswerAsync(id, findings, actor, ct, input.Statements), ct));

        clinical.MapPost("/requests/{id}/amend", async (string id, AmendInput input, ClinicalActors actors, ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
            await SignAsync(actors, effects, audit, http, id, "clinical.report.amend", RequestAction.Amend, input.FollowUp,
                followUp => new EcgFindings(input.Rhythm, input.RateBpm, input.PrMs, input.QrsMs, input.QtMs, input.QtcMs, input.AxisDegrees, input.Conclusion,
                    followUp, input.FreeText),
                (findings, actor) => store.AmendAsync(id, findings, input.Reason ?? "", actor, ct, input.Statements), ct));

        clinical.MapGet("/requests/{id}", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<object>(http, ct, async actor =>
            {
                if (await store.GetRequestAsync(id, ct) is not { } request)
                {
                    return new Refusal(RefusalCode.NotFound, $"request {id} does not exist");
                }

                // Patient data is shared with the two parties of the request only.
                if (!ClinicalAccess.IsParty(actor, request))
                {
                    return new Refusal(RefusalCode.NotTheRequester, $"request {id} is read by its requester or the specialist who accepted it");
                }

                var reports = await store.GetReportsAsync(id, ct);
                return Outcome<object>.Success(ClinicalViews.RequestWithReports(request, reports, time.GetUtcNow()));
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.request.read", "request/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapClinicalReads();
        clinical.MapEcgProposals();
        app.MapHub<ClinicalHub>(ClinicalRegistration.HubPath, connection =>
        {
            connection.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            // A connection whose token expires is closed (SignalR checks about once a second), as the live view's.
            connection.CloseOnAuthenticationExpiration = true;
        }).RequireAuthorization();
        return app;
    }

    /// <param name="released">Given the stored result, the specialist the step took the request from (their recording access ends).</param>
    /// <summary>Signs (or amends) a report: the follow-up urgency is checked first, the step is audited, then its effects follow.</summary>
    private static async Task<IResult> SignAsync(ClinicalActors actors, ClinicalStepEffects effects, IAuditTrail audit, HttpContext http, string id, string action,
        RequestAction step, string? followUpText, Func<FollowUpUrgency, EcgFindings> findings, Func<EcgFindings, Actor, Task<Outcome<ReportSigning>>> sign,
        CancellationToken ct)
    {
        var outcome = await actors.RunAsync<ReportSigning>(http, ct, async actor =>
        {
            if (!TryEnum<FollowUpUrgency>(followUpText, out var followUp))
            {
                return new Refusal(RefusalCode.InvalidInput, "unknown follow-up urgency");
            }

            return await sign(findings(followUp), actor);
        });
        var answer = await ClinicalProblems.AnswerAsync(audit, http, action, "request/" + id, outcome, s => Results.Ok(ClinicalViews.Report(s.Report)));
        await AfterAsync(effects, http, step, outcome.Succeeded ? outcome.Value.Change.Request : Outcome<TeleExpertiseRequest>.Refused(outcome.Refusal), null);
        return answer;
    }

    private static async Task<IResult> StepAsync(ClinicalActors actors, ClinicalStepEffects effects, IAuditTrail audit, HttpContext http, string id, string action,
        RequestAction step, Func<Actor, Task<Outcome<TeleExpertiseRequest>>> take, Func<TeleExpertiseRequest, string?> released, CancellationToken ct)
    {
        var outcome = await actors.RunAsync(http, ct, take);
        var answer = await ClinicalProblems.AnswerAsync(audit, http, action, "request/" + id, outcome, r => Results.Ok(ClinicalViews.Request(r, null)));
        await AfterAsync(effects, http, step, outcome, outcome.Succeeded ? released(outcome.Value) : null);
        return answer;
    }

    /// <summary>Once the step is stored and audited: recording access and live notifications.</summary>
    private static Task AfterAsync(ClinicalStepEffects effects, HttpContext http, RequestAction step, Outcome<TeleExpertiseRequest> outcome, string? released) =>
        outcome.Succeeded
            ? effects.AfterAsync(step, outcome.Value, released, http.User.ActorId(), http.Connection.RemoteIpAddress?.ToString())
            : Task.CompletedTask;

    internal static bool TryEnum<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text![0]);
}
