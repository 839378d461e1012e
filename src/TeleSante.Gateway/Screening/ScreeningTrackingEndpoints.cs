using System.Globalization;
using System.Text;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Fhir;
using TeleSante.Fhir.Screening;
using TeleSante.Gateway.Clinical;
using TeleSante.Imaging;
using static TeleSante.Gateway.Screening.ScreeningEndpoints;

namespace TeleSante.Gateway.Screening;

internal static class ScreeningTrackingEndpoints
{
    /// <summary>Referral tracking, the campaign dashboard (JSON and CSV) and agreement between graders.</summary>
    public static void MapScreeningTracking(this IEndpointRouteBuilder app, RouteGroupBuilder screening)
    {
        ArgumentNullException.ThrowIfNull(app);
        screening.MapGet("/campaigns/{id}/referrals", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
                SiteReader(actor) is { } mayRead
                    ? Outcome<IReadOnlyList<ReferralStatus>>.Success([.. (await store.ReferralsAsync(id, ct)).Where(r => mayRead(r.SiteId))])
                    : new Refusal(RefusalCode.WrongRole, "referrals are tracked by an administrator or a site operator"));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.referrals.read", "campaign/" + id, outcome, r => Results.Ok(r.Select(ScreeningViews.Referral)));
        });

        screening.MapPost("/visits/{id}/referral/outcome", async (string id, ReferralOutcomeInput input, ClinicalActors actors, ScreeningStore store, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.RecordReferralOutcomeAsync(id, input.SeenOn, input.ClinicOutcome, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.referral.outcome", "screening-visit/" + id, outcome, r => Results.Ok(ScreeningViews.Referral(r)));
        });

        screening.MapGet("/campaigns/{id}/dashboard", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await DashboardAsync(id, actors, store, http, ct);
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.dashboard.read", "campaign/" + id, outcome, f => Results.Ok(f));
        });

        screening.MapGet("/campaigns/{id}/dashboard.csv", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await DashboardAsync(id, actors, store, http, ct);
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.dashboard.export", "campaign/" + id, outcome,
                f => Results.Text(Csv(f), "text/csv; charset=utf-8", Encoding.UTF8));
        });

        // The graded visits as FHIR R4 (DiagnosticReport per visit, grades as Observations, photographs as Media), for the
        // sites the caller may list; patients by identifier only.
        screening.MapGet("/campaigns/{id}/fhir", async (string id, ClinicalActors actors, ScreeningStore store, IImageStore images, IAuditTrail audit, TimeProvider time,
            HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                if (await store.GetCampaignAsync(id, ct) is null)
                {
                    return new Refusal(RefusalCode.NotFound, $"campaign {id} does not exist");
                }

                if (SiteReader(actor) is not { } mayRead)
                {
                    return new Refusal(RefusalCode.WrongRole, "the campaign's export is read by an administrator or a site operator");
                }

                var origin = $"{http.Request.Scheme}://{http.Request.Host}";
                var visits = new List<ScreeningVisitExport>();
                foreach (var visit in (await store.FinalVisitsAsync(id, ct)).Where(v => mayRead(v.SiteId)))
                {
                    // The photographs graded: a capture superseded by a retake stays stored but is not the visit's.
                    var superseded = (await store.GetCapturesAsync(visit.Grading.VisitId, ct))?.Fields.SelectMany(f => f.Earlier).Select(c => c.ImageId).ToHashSet() ?? [];
                    var photographs = (await images.ListAsync(visit.Grading.VisitId, ct)).Where(i => !superseded.Contains(i.Id))
                        .Select(i => (i, new Uri($"{origin}/api/sessions/{Uri.EscapeDataString(visit.Grading.VisitId)}/images/{i.Id}"))).ToList();
                    visits.Add(new ScreeningVisitExport(visit.Grading.VisitId, visit.PatientId, visit.SiteId, visit.ScreenedOn, visit.Grading.Final!, photographs));
                }

                return Outcome<IReadOnlyList<ScreeningVisitExport>>.Success(visits);
            });
            http.Response.Headers.CacheControl = "no-store";
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.export.fhir", "campaign/" + id, outcome,
                v => Results.Bytes(FhirJson.Serialize(ScreeningBundleBuilder.Build(id, v, time.GetUtcNow())), FhirJson.MediaType));
        });

        screening.MapGet("/campaigns/{id}/agreement", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
                actor.Practitioner.Has(ClinicalRoles.Administrator) || actor.Practitioner.Has(ClinicalRoles.ArbitrationGrader)
                    ? Outcome<IReadOnlyDictionary<string, KappaResult>>.Success(await store.GraderAgreementAsync(id, ct))
                    : new Refusal(RefusalCode.WrongRole, "agreement between graders is read by an administrator or an arbitration grader"));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.agreement.read", "campaign/" + id, outcome, a => Results.Ok(a));
        });
    }

    private static Task<Outcome<IReadOnlyList<SiteFigures>>> DashboardAsync(string id, ClinicalActors actors, ScreeningStore store, HttpContext http, CancellationToken ct) =>
        actors.RunAsync(http, ct, async actor =>
        {
            if (await store.GetCampaignAsync(id, ct) is null)
            {
                return new Refusal(RefusalCode.NotFound, $"campaign {id} does not exist");
            }

            // An operator sees their own sites' rows, not the campaign's total (other sites' figures are not theirs).
            var figures = await store.DashboardAsync(id, ct);
            return actor.Practitioner.Has(ClinicalRoles.Administrator) ? Outcome<IReadOnlyList<SiteFigures>>.Success(figures)
                : actor.Practitioner.Has(ClinicalRoles.SiteOperator) ? Outcome<IReadOnlyList<SiteFigures>>.Success([.. figures.Where(f => actor.Practitioner.WorksAt(f.SiteId))])
                : new Refusal(RefusalCode.WrongRole, "the dashboard is read by an administrator or a site operator");
        });

    /// <summary>RFC 4180 CSV, invariant culture; an empty cell where a rate has no denominator.</summary>
    internal static string Csv(IReadOnlyList<SiteFigures> figures)
    {
        var csv = new StringBuilder("site,invited,screened,graded,gradable_rate,referable_rate,pending_grading,median_turnaround_hours,overdue_referrals\r\n");
        foreach (var f in figures)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.SiteId},{f.Invited},{f.Screened},{f.Graded},{Number(f.GradableRate)},{Number(f.ReferableRate)},")
               .Append(CultureInfo.InvariantCulture, $"{f.PendingGrading},{Number(f.MedianTurnaroundHours)},{f.OverdueReferrals}\r\n");
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;
}
