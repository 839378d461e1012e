using TeleSante.Access.Audit;
using TeleSante.Gateway.Security;
using TeleSante.Access.Practitioners;
using TeleSante.Ingestion.DeadLetters;

namespace TeleSante.Gateway.Recordings;

internal static class DeadLetterEndpoints
{
    /// <summary>GET /api/dead-letters?device=&amp;limit= — refused input with reasons, newest first;
    /// the payload is base64 so an operator can inspect or replay it. Dead letters hold patient data:
    /// administrators only, and every listing is audited.</summary>
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dead-letters", async (string? device, int? limit, IDeadLetterStore store, IPractitionerRegistry practitioners, IAuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (await practitioners.IsDisabledAsync(http.User.ActorId(), cancellationToken))
            {
                await AdminEndpoints.Audit(audit, http, "deadletters.read", device is null ? "deadletters" : "device/" + device, AuditEntry.Denied, "practitioner disabled");
                return Results.Problem("your access to patient data is disabled", statusCode: 403);
            }

            await AdminEndpoints.Audit(audit, http, "deadletters.read", device is null ? "deadletters" : "device/" + device, AuditEntry.Allowed);
            var letters = await store.ListAsync(device, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
            return ApiJson.Ok(letters.Select(l => new
            {
                l.Id,
                l.ReceivedAt,
                l.Transport,
                l.DeviceId,
                l.Seq,
                Reason = l.Reason.ToString(),
                l.Detail,
                Payload = Convert.ToBase64String(l.Payload.Span),
            }));
        }).RequireAuthorization(SecurityRegistration.AdministratorPolicy);
        return app;
    }
}
