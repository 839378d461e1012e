using TeleSante.Access;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store;
using TeleSante.Gateway.Attribution;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Clinical;

internal static class ClinicalAdminEndpoints
{
    /// <summary>
    /// The clinical directory, for administrators, every change audited: POST /api/admin/practitioners (a
    /// directory entry: RPPS checked, roles, specialty, sites; beside .../{id}/disable and /enable which bar an
    /// entry's token whatever its roles), POST /api/admin/sites, POST /api/admin/stations.
    /// </summary>
    public static IEndpointRouteBuilder MapClinicalAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(SecurityRegistration.AdministratorPolicy);

        admin.MapPost("/practitioners", async (PractitionerInput input, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            Outcome<Practitioner> outcome;
            if (!Rpps.TryParse(input.Rpps, out var rpps, out var rppsError))
            {
                outcome = new Refusal(RefusalCode.InvalidInput, "RPPS: " + rppsError);
            }
            else if (!TryRoles(input.Roles, out var roles))
            {
                outcome = new Refusal(RefusalCode.InvalidInput, "roles are site-operator, specialist, administrator, requester (at least one)");
            }
            else
            {
                outcome = await store.AddPractitionerAsync(new Practitioner(input.Id, input.FamilyName, input.GivenName, rpps.Value, input.Profession,
                    input.Specialty, roles, input.SiteIds ?? []), ct);
            }

            return await ClinicalProblems.AnswerAsync(audit, http, "practitioner.register", "practitioner/" + input.Id, outcome,
                p => Results.Created($"/api/admin/practitioners/{p.Id}", new { p.Id, Rpps = p.Rpps.Value, p.Specialty, Roles = p.Roles.ToString(), p.SiteIds }));
        });

        admin.MapPost("/sites", async (SiteInput input, ClinicalStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = Enum.TryParse<SiteKind>(input.Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                ? await store.AddSiteAsync(new Site(input.Id, input.Name, kind, null), ct)
                : new Refusal(RefusalCode.InvalidInput, "kind is Pharmacy, NurseLedPoint or Msp");
            return await ClinicalProblems.AnswerAsync(audit, http, "site.register", "site/" + input.Id, outcome, s => Results.Created($"/api/admin/sites/{s.Id}", s));
        });

        admin.MapPost("/stations", async (StationInput input, ClinicalStore store, IAuditTrail audit, OpenConsultations attribution, HttpContext http, CancellationToken ct) =>
        {
            var outcome = Enum.TryParse<StationKind>(input.Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                ? await store.AddStationAsync(new Station(input.Id, input.SiteId, input.Name, kind, input.DeviceIds ?? []), ct)
                : new Refusal(RefusalCode.InvalidInput, "kind is Cabin or NurseKit");
            attribution.OnStationSaved(outcome);
            return await ClinicalProblems.AnswerAsync(audit, http, "station.register", "station/" + input.Id, outcome, s => Results.Created($"/api/admin/stations/{s.Id}", s));
        });

        return app;
    }

    private static bool TryRoles(IReadOnlyList<string>? names, out ClinicalRoles roles)
    {
        roles = ClinicalRoles.None;
        foreach (var name in names ?? [])
        {
            var role = ClinicalRoleNames.Parse(name);
            if (role == ClinicalRoles.None)
            {
                roles = ClinicalRoles.None;
                return false;
            }

            roles |= role;
        }

        return roles > ClinicalRoles.None;
    }
}
