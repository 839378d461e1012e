using System.Security.Claims;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Access.Practitioners;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Clinical;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.Security;

internal static class AdminEndpoints
{
    /// <summary>
    /// Administration, for the administrator role only, every change audited:
    /// POST /api/admin/devices {id, kind, site} → {id, token} (the token is shown once);
    /// GET /api/admin/devices; POST /api/admin/devices/{id}/revoke;
    /// POST /api/admin/assignments {sessionId, practitionerId}; DELETE /api/admin/assignments/{sessionId}/{practitionerId}
    /// (cuts that practitioner's open live view of the session before answering);
    /// POST /api/admin/practitioners/{id}/disable (every read of patient data refused, open live views cut) and /enable;
    /// GET /api/admin/audit?actor=&amp;resource=&amp;limit=; GET /api/admin/audit/verify.
    /// </summary>
    public static IEndpointRouteBuilder MapTeleSanteAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(SecurityRegistration.AdministratorPolicy);

        admin.MapPost("/devices", async (DeviceRegistration request, IDeviceRegistry registry, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var badRegistration = Identifiers.Check("id", request.Id) ?? Identifiers.Check("site", request.Site)
                ?? (string.IsNullOrWhiteSpace(request.Kind) ? "kind is required" : null);
            if (badRegistration is not null)
            {
                return Results.Problem(badRegistration, statusCode: 400);
            }

            if (await registry.GetAsync(request.Id, ct) is not null)
            {
                return Results.Problem($"device '{request.Id}' is already registered", statusCode: 409);
            }

            var credential = await registry.RegisterAsync(request.Id, request.Kind, request.Site, ct);
            await Audit(audit, http, "device.register", "device/" + request.Id, AuditEntry.Allowed, $"kind {request.Kind}, site {request.Site}");
            return Results.Ok(new { credential.DeviceId, credential.Token });
        });

        admin.MapGet("/devices", async (IDeviceRegistry registry, CancellationToken ct) => Results.Ok(await registry.ListAsync(ct)));

        admin.MapPost("/devices/{id}/revoke", async (string id, IDeviceRegistry registry, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            if (Identifiers.Check("id", id) is { } badId)
            {
                return Results.Problem(badId, statusCode: 400);
            }

            var revoked = await registry.RevokeAsync(id, ct);
            await Audit(audit, http, "device.revoke", "device/" + id, revoked ? AuditEntry.Allowed : "failed", revoked ? null : "unknown or already revoked");
            return revoked ? Results.NoContent() : Results.NotFound();
        });

        admin.MapPost("/assignments", async (AssignmentRequest request, IAssignmentStore assignments, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            // The practitioner id is the token's subject and is served back in URLs: the same rule as every id.
            if ((Identifiers.Check("sessionId", request.SessionId) ?? Identifiers.Check("practitionerId", request.PractitionerId)) is { } badId)
            {
                return Results.Problem(badId, statusCode: 400);
            }

            await assignments.GrantAsync(request.SessionId, request.PractitionerId, http.User.ActorId(), ct);
            await Audit(audit, http, "assignment.grant", "session/" + request.SessionId, AuditEntry.Allowed, "to " + request.PractitionerId);
            return Results.NoContent();
        });

        admin.MapDelete("/assignments/{sessionId}/{practitionerId}", async (string sessionId, string practitionerId, IAssignmentStore assignments, LiveSubscriptions live, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            if ((Identifiers.Check("sessionId", sessionId) ?? Identifiers.Check("practitionerId", practitionerId)) is { } badId)
            {
                return Results.Problem(badId, statusCode: 400);
            }

            var removed = await assignments.RevokeAsync(sessionId, practitionerId, ct);
            await Audit(audit, http, "assignment.revoke", "session/" + sessionId, removed ? AuditEntry.Allowed : "failed", "from " + practitionerId);
            // A live view already open was authorized at its join: ask again now (a site operator may still see it).
            await live.RecheckAsync(practitionerId, sessionId, CancellationToken.None);
            return removed ? Results.NoContent() : Results.NotFound();
        });

        admin.MapPost("/practitioners/{id}/disable", async (string id, IPractitionerRegistry practitioners, LiveSubscriptions live, ClinicalHubConnections clinicalHub, IAuditTrail audit,
            HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 128)
            {
                return Results.Problem("a practitioner id is 1 to 128 characters", statusCode: 400);
            }

            var changed = await practitioners.DisableAsync(id, http.User.ActorId(), ct);
            await Audit(audit, http, "practitioner.disable", "practitioner/" + id, changed ? AuditEntry.Allowed : "failed", changed ? null : "already disabled");
            var cut = await live.RecheckAsync(id, sessionId: null, CancellationToken.None);
            // Their live worklist and request notifications stop too.
            await clinicalHub.CutAsync(id, "practitioner disabled");
            return changed ? Results.Ok(new { practitionerId = id, disabled = true, liveViewsCut = cut }) : Results.Conflict(new { practitionerId = id, disabled = true, liveViewsCut = cut });
        });

        admin.MapPost("/practitioners/{id}/enable", async (string id, IPractitionerRegistry practitioners, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var changed = await practitioners.EnableAsync(id, http.User.ActorId(), ct);
            await Audit(audit, http, "practitioner.enable", "practitioner/" + id, changed ? AuditEntry.Allowed : "failed", changed ? null : "not disabled");
            return changed ? Results.NoContent() : Results.NotFound();
        });

        admin.MapGet("/audit", async (string? actor, string? resource, int? limit, IAuditTrail audit, CancellationToken ct) =>
            Results.Ok((await audit.QueryAsync(actor, resource, Math.Clamp(limit ?? 100, 1, 10_000), ct)).Select(r => new
            {
                r.Id, r.At, r.Entry.Actor, r.Entry.Action, r.Entry.Resource, r.Entry.Outcome, r.Entry.Remote, r.Entry.Detail, r.Hash,
            })));

        admin.MapGet("/audit/verify", async (IAuditTrail audit, CancellationToken ct) => Results.Ok(new { intact = await audit.VerifyAsync(ct) }));
        return app;
    }

    public static Task Audit(IAuditTrail audit, HttpContext http, string action, string resource, string outcome, string? detail = null) =>
        audit.RecordAsync(new AuditEntry(http.User.ActorId(), action, resource, outcome, http.Connection.RemoteIpAddress?.ToString(), detail), CancellationToken.None);
}
