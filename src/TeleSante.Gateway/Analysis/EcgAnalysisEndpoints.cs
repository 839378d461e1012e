using TeleSante.Analysis.Service;
using TeleSante.Gateway.Recordings;
using TeleSante.LiveView;
using TeleSante.Storage;

namespace TeleSante.Gateway.Analysis;

internal static class EcgAnalysisEndpoints
{
    /// <summary>
    /// GET /api/recordings/{session}/ecg/analysis?from=&amp;to= — the stored analysis of the session's ECG, per device:
    /// beats (time, class, RR, QRS duration), rates (with the beats' span), AF windows, rhythm statements (code, SNOMED CT where verified, span,
    /// evidence, status <c>provisional</c> / <c>confirmed</c> / <c>withdrawn</c> with the withdrawal's time and reason) and
    /// spans not analysed. from/to as the
    /// recording reads (RFC 3339 or ns; default the last hour); ns times are JSON strings. Authenticated practitioners
    /// only; the session access policy decides (403 otherwise) and every attempt is audited (action <c>ecg-analysis.read</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapEcgAnalysis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recordings/{sessionId}/ecg/analysis", async (string sessionId, string? from, string? to, IAnalysisReader reader, TimeProvider time, ILiveSessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!RecordingEndpoints.TryRange(sessionId, from, to, time, out var range, out var problem))
            {
                return problem!;
            }

            if (!await authorizer.CanViewAsync(http.User, sessionId, "ecg-analysis.read", http.Connection.RemoteIpAddress?.ToString(), cancellationToken))
            {
                return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
            }

            try
            {
                var devices = await reader.ReadAsync(sessionId, range.From, range.To, cancellationToken);
                return ApiJson.Ok(new
                {
                    sessionId,
                    from = range.From,
                    to = range.To,
                    devices = devices.Select(d => new
                    {
                        d.DeviceId,
                        beats = d.Beats.Select(b => new { b.TimeNs, @class = b.Class.ToString(), b.RrMs, b.QrsMs }),
                        rates = d.Rates.Select(r => new { r.Bpm, r.FromNs, r.ToNs, r.Intervals }),
                        rhythms = d.Rhythms.Select(r => new { r.Code, r.StartNs, r.EndNs, r.Probability }),
                        notAnalysed = d.NotAnalysed.Select(s => new { s.FromNs, s.ToNs, s.Reason, s.Lead }),
                        statements = d.Statements.Select(s => new
                        {
                            s.Code,
                            s.Display,
                            s.SnomedCt,
                            s.StartNs,
                            s.EndNs,
                            evidence = s.Evidence.Select(e => new { e.Name, e.Value, e.Unit }),
                            s.Id,
                            s.Provisional,
                            s.Status,
                            s.WithdrawnNs,
                            s.WithdrawnReason,
                        }),
                    }),
                });
            }
            catch (StorageUnavailableException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-series store unavailable");
            }
        }).RequireAuthorization();
        return app;
    }
}
