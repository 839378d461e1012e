using System.Globalization;
using TeleSante.Access.Audit;
using TeleSante.Clinical.Store;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Recordings;
using TeleSante.Gateway.Security;
using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// The vitals alerts of a session (issue 12), for the practitioners assigned to it:
/// GET /api/sessions/{sessionId}/alerts?limit= — newest first (default 100, at most 1000);
/// POST /api/sessions/{sessionId}/alerts/{alertId}/ack — acknowledges it once (who, when); a second
/// acknowledgement answers 409 with who acknowledged it first. Every attempt, allowed or refused, is audited; the
/// acknowledgement itself too (action <see cref="AcknowledgedAction"/>).
/// </summary>
internal static class VitalAlertEndpoints
{
    public const string ListAction = "vital-alert.list";
    public const string AckAction = "vital-alert.ack";
    public const string AcknowledgedAction = "vital-alert.acknowledged";

    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapVitalAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{sessionId}/alerts").RequireAuthorization();
        group.MapGet("/", ListAsync).WithDisplayName("Vitals alerts of a session");
        group.MapPost("/{alertId}/ack", AcknowledgeAsync).WithDisplayName("Acknowledge a vitals alert");
        return app;
    }

    private static async Task<IResult> ListAsync(string sessionId, int? limit, VitalAlertStore store, ILiveSessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken)
    {
        if (Identifiers.Check("session id", sessionId) is { } badId)
        {
            return Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Results.Problem($"limit must be between 1 and {MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!await authorizer.CanViewAsync(http.User, sessionId, ListAction, Remote(http), cancellationToken))
        {
            return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
        }

        var rows = await store.ListAsync(sessionId, limit ?? DefaultLimit, cancellationToken);
        return ApiJson.Ok(new { sessionId, alerts = rows.Select(r => r.ToAlert()) });
    }

    private static async Task<IResult> AcknowledgeAsync(string sessionId, string alertId, VitalAlertStore store, ILiveSessionAuthorizer authorizer, IAuditTrail audit,
        VitalAlertPush push, TimeProvider time, HttpContext http, ILogger<VitalAlertService> logger, CancellationToken cancellationToken)
    {
        if ((Identifiers.Check("session id", sessionId) ?? Identifiers.Check("alert id", alertId)) is { } badId)
        {
            return Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
        }

        // Only a practitioner assigned to the session may acknowledge; the refusal is in the audit trail.
        if (!await authorizer.CanViewAsync(http.User, sessionId, AckAction, Remote(http), cancellationToken))
        {
            return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
        }

        var actor = http.User.ActorId();
        var nowNs = (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var result = await store.AcknowledgeAsync(sessionId, alertId, actor, nowNs, cancellationToken);
        var resource = "session/" + sessionId;
        if (result.Alert is not { } row)
        {
            await audit.RecordAsync(new AuditEntry(actor, AcknowledgedAction, resource, "failed", Remote(http), $"{alertId}: no such alert in this session"), cancellationToken);
            return Results.Problem($"session '{sessionId}' has no alert '{alertId}'", statusCode: StatusCodes.Status404NotFound);
        }

        var alert = row.ToAlert();
        if (result.AlreadyAcknowledged)
        {
            var first = $"already acknowledged by {row.AcknowledgedBy} at {Iso(row.AcknowledgedAtNs!.Value)}";
            await audit.RecordAsync(new AuditEntry(actor, AcknowledgedAction, resource, "failed", Remote(http), $"{alertId}: {first}"), cancellationToken);
            return Results.Json(new { title = "Alert already acknowledged", status = StatusCodes.Status409Conflict, detail = first, alert }, ApiJson.Options,
                statusCode: StatusCodes.Status409Conflict);
        }

        await audit.RecordAsync(new AuditEntry(actor, AcknowledgedAction, resource, AuditEntry.Allowed, Remote(http),
            $"{alertId}: {row.RefId} {row.Value.ToString(CultureInfo.InvariantCulture)} {row.Unit} measured at {Iso(row.MeasuredAtNs)}"), cancellationToken);
        VitalAlertLog.Acknowledged(logger, alertId, sessionId, actor);
        push.Send(alert);
        return ApiJson.Ok(alert);
    }

    private static string? Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string Iso(long ns) => DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).ToString("O", CultureInfo.InvariantCulture);
}
