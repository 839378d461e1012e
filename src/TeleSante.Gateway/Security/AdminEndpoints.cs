using System.Security.Claims;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Domain.Validation;

namespace TeleSante.Gateway.Security;

internal static class AdminEndpoints
{
    /// <summary>
    /// Administration, for the administrator role only, every change audited:
    /// POST /api/admin/devices {id, kind, site} → {id, token} (the token is shown once);
    /// GET /api/admin/devices; POST /api/admin/devices/{id}/revoke;
    /// POST /api/admin/assignments {sessionId, practitionerId}; DELETE /api/admin/assignments/{sessionId}/{practitionerId};
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

        admin.MapDelete("/assignments/{sessionId}/{practitionerId}", async (string sessionId, string practitionerId, IAssignmentStore assignments, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            if ((Identifiers.Check("sessionId", sessionId) ?? Identifiers.Check("practitionerId", practitionerId)) is { } badId)
            {
                return Results.Problem(badId, statusCode: 400);
            }

            var removed = await assignments.RevokeAsync(sessionId, practitionerId, ct);
            await Audit(audit, http, "assignment.revoke", "session/" + sessionId, removed ? AuditEntry.Allowed : "failed", "from " + practitionerId);
            return removed ? Results.NoContent() : Results.NotFound();
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
