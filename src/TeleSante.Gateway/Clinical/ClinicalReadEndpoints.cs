using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Turnaround;

namespace TeleSante.Gateway.Clinical;

internal static class ClinicalReadEndpoints
{
    /// <summary>
    /// What the pages read besides the workflow's steps (README table): a site's requests, a consultation with its station, the
    /// stations of a site, a patient's identity (never the INS), turnaround per request and aggregated. Each read is audited like
    /// the steps, and limited to the parties or the site's staff; turnaround figures (no patient data) also to administrators.
    /// </summary>
    public static RouteGroupBuilder MapClinicalReads(this RouteGroupBuilder clinical)
    {
        clinical.MapGet("/requests", async (string? site, bool? mine, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<IReadOnlyList<object>>(http, ct, async actor =>
            {
                var sites = ClinicalAccess.StaffSites(actor, site);
                if (!sites.Succeeded)
                {
                    return sites.Refusal;
                }

                var now = time.GetUtcNow();
                var items = new List<object>();
                foreach (var siteId in sites.Value)
                {
                    items.AddRange((await store.ListRequestsOfSiteAsync(siteId, mine == true ? actor.Id : null, ct)).Select(r => ClinicalViews.Request(r, now)));
                }

                return Outcome<IReadOnlyList<object>>.Success(items);
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.requests.list", site is null ? "site/*" : "site/" + site, outcome, v => Results.Ok(v));
        });

        clinical.MapGet("/consultations/{id}", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<object>(http, ct, async actor =>
            {
                if (await store.GetConsultationAsync(id, ct) is not { } consultation)
                {
                    return new Refusal(RefusalCode.NotFound, $"consultation {id} does not exist");
                }

                if (!ClinicalAccess.IsSiteStaff(actor, consultation.SiteId)
                    && !(await store.ListRequestsOfConsultationAsync(id, ct)).Any(r => ClinicalAccess.IsReading(actor, r)))
                {
                    return new Refusal(RefusalCode.OtherSite, $"consultation {id} is read by its site's staff or a specialist reading one of its requests");
                }

                return Outcome<object>.Success(ClinicalViews.Consultation(consultation, await store.GetStationAsync(consultation.StationId, ct)));
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.consultation.read", "consultation/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapGet("/stations", async (string? site, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<IReadOnlyList<object>>(http, ct, async actor =>
            {
                if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator))
                {
                    return new Refusal(RefusalCode.WrongRole, "a site's stations are listed by its site operators");
                }

                if (site is not null && !actor.Practitioner.WorksAt(site))
                {
                    return new Refusal(RefusalCode.OtherSite, $"{actor.Id} does not work at site {site}");
                }

                var stations = new List<object>();
                foreach (var siteId in site is null ? actor.Practitioner.SiteIds : [site])
                {
                    foreach (var station in await store.ListStationsOfSiteAsync(siteId, ct))
                    {
                        stations.Add(ClinicalViews.Station(station, (await store.GetOpenConsultationAtStationAsync(station.Id, ct))?.Id));
                    }
                }

                return Outcome<IReadOnlyList<object>>.Success(stations);
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.stations.list", site is null ? "site/*" : "site/" + site, outcome, v => Results.Ok(v));
        });

        clinical.MapGet("/patients/{id}", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<object>(http, ct, async actor =>
            {
                // Decided before looking the patient up, so a refusal does not tell whether the id exists.
                var seenAtTheirSite = (await store.ListSitesOfPatientAsync(id, ct)).Any(s => ClinicalAccess.IsSiteStaff(actor, s));
                if (!seenAtTheirSite && !(await store.ListRequestsOfPatientAsync(id, ct)).Any(r => actor.Id == r.RequestedBy || ClinicalAccess.IsReading(actor, r)))
                {
                    return new Refusal(RefusalCode.OtherSite, $"patient {id} is read by the staff of a site that saw them or a party to one of their requests");
                }

                return await store.GetPatientAsync(id, ct) is { } patient
                    ? Outcome<object>.Success(ClinicalViews.Patient(patient))
                    : new Refusal(RefusalCode.NotFound, $"patient {id} does not exist");
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.patient.read", "patient/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapGet("/requests/{id}/turnaround", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<object>(http, ct, async actor =>
            {
                if (await store.GetRequestAsync(id, ct) is not { } request)
                {
                    return new Refusal(RefusalCode.NotFound, $"request {id} does not exist");
                }

                if (!actor.Practitioner.Has(ClinicalRoles.Administrator) && !ClinicalAccess.IsSiteStaff(actor, request.SiteId) && !ClinicalAccess.IsParty(actor, request))
                {
                    return new Refusal(RefusalCode.OtherSite, $"the turnaround of request {id} is its site's, its parties' and the administrators'");
                }

                return RequestTurnaround.Of(request, time.GetUtcNow()) is { } turnaround
                    ? Outcome<object>.Success(ClinicalViews.Turnaround(turnaround))
                    : new Refusal(RefusalCode.WrongState, $"request {id} was never submitted");
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.turnaround.read", "request/" + id, outcome, v => Results.Ok(v));
        });

        clinical.MapGet("/turnaround", async (string? site, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, TimeProvider time, HttpContext http,
            CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync<IReadOnlyList<object>>(http, ct, async actor =>
            {
                IReadOnlyList<TeleExpertiseRequest> requests;
                if (actor.Practitioner.Has(ClinicalRoles.Administrator))
                {
                    requests = site is null ? await store.ListRequestsAsync(null, ct) : await store.ListRequestsOfSiteAsync(site, null, ct);
                }
                else
                {
                    var sites = ClinicalAccess.StaffSites(actor, site);
                    if (!sites.Succeeded)
                    {
                        return sites.Refusal;
                    }

                    var mine = new List<TeleExpertiseRequest>();
                    foreach (var siteId in sites.Value)
                    {
                        mine.AddRange(await store.ListRequestsOfSiteAsync(siteId, null, ct));
                    }

                    requests = mine;
                }

                return Outcome<IReadOnlyList<object>>.Success(new TurnaroundStatistics(time).Aggregate(requests).Select(ClinicalViews.Figures).ToList());
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.turnaround.aggregate", site is null ? "site/*" : "site/" + site, outcome, v => Results.Ok(v));
        });

        return clinical;
    }
}
