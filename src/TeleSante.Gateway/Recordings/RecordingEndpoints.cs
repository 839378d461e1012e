using TeleSante.Domain.Validation;
using TeleSante.LiveView;
using TeleSante.Storage;

namespace TeleSante.Gateway.Recordings;

internal static class RecordingEndpoints
{
    /// <summary>
    /// GET /api/sessions/{session}/waveforms?from=&amp;to=  — every channel's samples exactly as stored.
    /// GET /api/sessions/{session}/observations?from=&amp;to= — vitals with codes and units.
    /// GET /api/sessions/{session}/events?from=&amp;to= — device events (failed measurements, alarms).
    /// from/to: RFC 3339 or ns since epoch; default: the last hour. Nanosecond times and seq are JSON strings
    /// (<see cref="ApiJson"/>). Authenticated practitioners only;
    /// the session access policy decides (403 otherwise) and every attempt is audited.
    /// </summary>
    public static IEndpointRouteBuilder MapRecordings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{sessionId}").RequireAuthorization();
        group.MapGet("/waveforms", (string sessionId, string? from, string? to, IRecordingReader reader, TimeProvider time, ILiveSessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
            ReadAsync(sessionId, from, to, "recording.read", time, authorizer, http, cancellationToken, async range =>
                new { sessionId, from = range.From, to = range.To, channels = await reader.ReadWaveformsAsync(sessionId, range.From, range.To, cancellationToken) }));

        group.MapGet("/observations", (string sessionId, string? from, string? to, IRecordingReader reader, TimeProvider time, ILiveSessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
            ReadAsync(sessionId, from, to, "observations.read", time, authorizer, http, cancellationToken, async range =>
                new { sessionId, from = range.From, to = range.To, observations = await reader.ReadObservationsAsync(sessionId, range.From, range.To, cancellationToken) }));

        group.MapGet("/events", (string sessionId, string? from, string? to, IRecordingReader reader, TimeProvider time, ILiveSessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
            ReadAsync(sessionId, from, to, "events.read", time, authorizer, http, cancellationToken, async range =>
            {
                var events = await reader.ReadEventsAsync(sessionId, range.From, range.To, cancellationToken);
                return new
                {
                    sessionId,
                    from = range.From,
                    to = range.To,
                    events = events.Select(e => new { e.DeviceId, e.Code, display = e.Definition?.Display, kind = e.Definition?.Kind.ToString(), e.MdcCode, e.Text, e.TimeNs, e.Seq }),
                };
            }));

        return app;
    }

    /// <summary>The shape of every read of a session's stored data: range checked, access decided and
    /// audited, then read; a time-series store that cannot answer is a 503, not an empty result.</summary>
    private static async Task<IResult> ReadAsync(string sessionId, string? from, string? to, string action, TimeProvider time, ILiveSessionAuthorizer authorizer, HttpContext http,
        CancellationToken cancellationToken, Func<(long From, long To), Task<object>> read)
    {
        if (!TryRange(sessionId, from, to, time, out var range, out var problem))
        {
            return problem!;
        }

        if (!await authorizer.CanViewAsync(http.User, sessionId, action, http.Connection.RemoteIpAddress?.ToString(), cancellationToken))
        {
            return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
        }

        try
        {
            return ApiJson.Ok(await read(range));
        }
        catch (StorageUnavailableException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-series store unavailable");
        }
    }

    internal static bool TryRange(string sessionId, string? from, string? to, TimeProvider time, out (long From, long To) range, out IResult? problem)
    {
        range = default;
        problem = null;
        if (Identifiers.Check("session id", sessionId) is { } badId)
        {
            problem = Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        var nowNs = (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        if (!TimeParameter.TryParse(to, nowNs + 60_000_000_000, out var toNs, out var error) ||
            !TimeParameter.TryParse(from, toNs - 3_600_000_000_000, out var fromNs, out error))
        {
            problem = Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (fromNs >= toNs)
        {
            problem = Results.Problem("from must be before to", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        range = (fromNs, toNs);
        return true;
    }
}
