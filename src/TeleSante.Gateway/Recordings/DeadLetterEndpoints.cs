using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Access.Practitioners;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Security;
using TeleSante.Ingestion.DeadLetters;

namespace TeleSante.Gateway.Recordings;

internal static class DeadLetterEndpoints
{
    /// <summary>GET /api/dead-letters?device=&amp;limit= — refused input with reasons, newest first;
    /// the payload is base64 so an operator can inspect or replay it (only its first
    /// DeadLetters:MaxPayloadBytes when <c>payloadTruncated</c>; <c>originalSize</c> is what arrived).
    /// Dead letters hold patient data: administrators only, and every listing is audited.
    /// GET /api/dead-letters/summary — what is kept and what retention deleted (per device and reason),
    /// so that a purge never hides a flood; no patient data, administrators only.</summary>
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dead-letters", async (string? device, int? limit, IDeadLetterStore store, IPractitionerRegistry practitioners, IAuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (device is not null && Identifiers.Check("device", device) is { } badId)
            {
                return Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
            }

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
                l.OriginalSize,
                l.PayloadTruncated,
            }));
        }).RequireAuthorization(SecurityRegistration.AdministratorPolicy);

        app.MapGet("/api/dead-letters/summary", async (int? purges, IDeadLetterStore store, DeadLetterRetention retention, IOptions<DeadLetterOptions> options, CancellationToken cancellationToken) =>
        {
            var summary = await store.SummarizeAsync(Math.Clamp(purges ?? 100, 0, 1000), cancellationToken);
            return Results.Ok(new
            {
                summary.Stored,
                summary.StoredBytes,
                summary.PurgedLetters,
                summary.PurgedBytes,
                PurgedSinceStart = retention.PurgedLetters,
                Retention = new { options.Value.MaxAge, options.Value.MaxTotalBytes, options.Value.MaxPayloadBytes, options.Value.PurgeInterval },
                summary.RecentPurges,
            });
        }).RequireAuthorization(SecurityRegistration.AdministratorPolicy);
        return app;
    }
}
