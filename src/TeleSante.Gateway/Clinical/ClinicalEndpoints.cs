using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.Gateway.Attribution;

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
            var outcome = await WithActorAsync<Patient>(actors, http, ct, async actor =>
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
            var outcome = await WithActorAsync(actors, http, ct, actor => store.CollectConsentAsync(input.Id, input.PatientId, input.InformationGiven,
                input.Specialties ?? [], input.ShareReportWithTreatingGp, input.TreatingGp, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consent.collect", "patient/" + input.PatientId, outcome,
                c => Results.Created($"/api/clinical/consents/{c.Id}", c));
        });

        clinical.MapPost("/consents/{id}/withdraw", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync(actors, http, ct, actor => store.WithdrawConsentAsync(id, input.Reason, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consent.withdraw", "consent/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/consultations", async (ConsultationInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, OpenConsultations attribution, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync(actors, http, ct, actor => store.OpenConsultationAsync(input.Id, input.StationId, input.PatientId, input.ConsentId, actor, ct));
            attribution.OnConsultationOpened(outcome); // before the answer: the station's readings are accepted from now on
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consultation.open", "consultation/" + input.Id, outcome,
                c => Results.Created($"/api/clinical/consultations/{c.Id}", c));
        });

        clinical.MapPost("/consultations/{id}/close", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, OpenConsultations attribution, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync(actors, http, ct, actor => store.CloseConsultationAsync(id, actor, ct));
            attribution.OnConsultationClosed(outcome); // before the answer: later readings naming it are refused
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consultation.close", "consultation/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/requests", async (RequestInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync<TeleExpertiseRequest>(actors, http, ct, async actor =>
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
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.request.submit", "request/" + input.Id, outcome,
                r => Results.Created($"/api/clinical/requests/{r.Id}", View(r, null)));
        });

        clinical.MapGet("/worklist", async (ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync<IReadOnlyList<object>>(actors, http, ct, async actor =>
            {
                if (!actor.Practitioner.Has(ClinicalRoles.Specialist) || actor.Practitioner.Specialty is not { } specialty)
                {
                    return new Refusal(RefusalCode.WrongRole, "the worklist is a specialist's, of their specialty");
                }

                var now = time.GetUtcNow();
                var items = (await store.ListRequestsAsync(specialty, ct))
                    .Where(r => r.State == RequestState.Submitted || (r.State == RequestState.Accepted && r.AcceptedBy == actor.Id))
                    .OrderBy(r => r.Priority).ThenBy(r => r.DueAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                    .Select(r => View(r, now))
                    .ToList();
                return Outcome<IReadOnlyList<object>>.Success(items);
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.worklist.read", "worklist/" + http.User.FindFirst("sub")?.Value, outcome, v => Results.Ok(v));
        });

        clinical.MapPost("/requests/{id}/accept", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
            await StepAsync(actors, audit, http, id, "clinical.request.accept", actor => store.AcceptAsync(id, actor, ct), ct));

        clinical.MapPost("/requests/{id}/decline", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
            await StepAsync(actors, audit, http, id, "clinical.request.decline", actor => store.DeclineAsync(id, input.Reason, actor, ct), ct));

        clinical.MapPost("/requests/{id}/cancel", async (string id, ReasonInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
            await StepAsync(actors, audit, http, id, "clinical.request.cancel", actor => store.CancelAsync(id, input.Reason, actor, ct), ct));

        clinical.MapPost("/requests/{id}/report", async (string id, ReportInput input, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync<ReportSigning>(actors, http, ct, async actor =>
            {
                if (!TryEnum<FollowUpUrgency>(input.FollowUp, out var followUp))
                {
                    return new Refusal(RefusalCode.InvalidInput, "unknown follow-up urgency");
                }

                var findings = new EcgFindings(input.Rhythm, input.RateBpm, input.PrMs, input.QrsMs, input.QtMs, input.QtcMs, input.AxisDegrees,
                    input.Conclusion, followUp, input.FreeText);
                return await store.AnswerAsync(id, findings, actor, ct);
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.report.sign", "request/" + id, outcome, s => Results.Ok(ViewReport(s.Report)));
        });

        clinical.MapGet("/requests/{id}", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await WithActorAsync<object>(actors, http, ct, async actor =>
            {
                if (await store.GetRequestAsync(id, ct) is not { } request)
                {
                    return new Refusal(RefusalCode.NotFound, $"request {id} does not exist");
                }

                // Patient data is shared with the two parties of the request only.
                if (actor.Id != request.RequestedBy && actor.Id != request.AcceptedBy)
                {
                    return new Refusal(RefusalCode.NotTheRequester, $"request {id} is read by its requester or the specialist who accepted it");
                }

                var reports = await store.GetReportsAsync(id, ct);
                return Outcome<object>.Success(new { Request = View(request, time.GetUtcNow()), Reports = reports.Select(ViewReport) });
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.request.read", "request/" + id, outcome, v => Results.Ok(v));
        });

        return app;
    }

    private static async Task<IResult> StepAsync(ClinicalActors actors, IAuditTrail audit, HttpContext http, string id, string action,
        Func<Actor, Task<Outcome<TeleExpertiseRequest>>> step, CancellationToken ct)
    {
        var outcome = await WithActorAsync(actors, http, ct, step);
        return await ClinicalProblems.AnswerAsync(audit, http, action, "request/" + id, outcome, r => Results.Ok(View(r, null)));
    }

    private static async Task<Outcome<T>> WithActorAsync<T>(ClinicalActors actors, HttpContext http, CancellationToken ct, Func<Actor, Task<Outcome<T>>> step)
    {
        var actor = await actors.ResolveAsync(http, ct);
        return actor.Succeeded ? await step(actor.Value) : actor.Refusal;
    }

    private static object View(TeleExpertiseRequest r, DateTimeOffset? now) => new
    {
        r.Id, r.ConsultationId, r.PatientId, r.SiteId, Kind = r.Kind.ToString(), r.Specialty, r.Question, r.ClinicalContext, r.Attachments,
        Priority = r.Priority.ToString(), State = r.State.ToString(), r.RequestedBy, r.CreatedAt, r.SubmittedAt, r.DueAt, r.AcceptedBy, r.AcceptedAt,
        r.AnsweredAt, r.DeclineReason, Overdue = now is { } at && r.IsOverdue(at),
    };

    private static object ViewReport(Report report) => new
    {
        report.RequestId, report.Version, report.Findings, FollowUp = report.Findings.FollowUp.ToString(), report.SignedBy, report.SignerName,
        SignerRpps = report.SignerRpps.Value, report.SignedAt, report.CorrectionReason,
    };

    private static bool TryEnum<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text![0]);
}
