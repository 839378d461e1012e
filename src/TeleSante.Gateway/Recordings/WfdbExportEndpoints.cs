using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Service;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Export;
using TeleSante.Gateway.Security;
using TeleSante.Storage;

namespace TeleSante.Gateway.Recordings;

internal static class WfdbExportEndpoints
{
    /// <summary>
    /// GET /api/recordings/{sessionId}/ecg/wfdb?deviceId=&amp;from=&amp;to= — one device's ECG in the range as a WFDB record
    /// (application/zip: record.hea, record.dat in format 16, record.atr with the detected beats); see
    /// <see cref="WfdbRecordingExport"/>. from/to as for the recording read API. The assignment check and the audit
    /// ("recording.export.wfdb", with device and range) are those of every read of patient data (403 otherwise); a range
    /// with more samples than Export:MaxWaveformSamples is refused (413) before any sample is loaded; no ECG of that
    /// device in the range is 404; stored data format 16 cannot hold exactly is 422 with the reason.
    /// </summary>
    public static IEndpointRouteBuilder MapWfdbExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recordings/{sessionId}/ecg/wfdb", async (string sessionId, string? deviceId, string? from, string? to, IRecordingReader reader,
            SessionAuthorizer authorizer, IOptions<ExportOptions> options, BeatModel beatModel, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!RecordingEndpoints.TryRange(sessionId, from, to, time, out var range, out var problem))
            {
                return problem!;
            }

            if (string.IsNullOrEmpty(deviceId) || Identifiers.Check("device id", deviceId) is not null)
            {
                return Results.Problem(deviceId is null or "" ? "deviceId is required: the ECG of which device?" : Identifiers.Check("device id", deviceId), statusCode: StatusCodes.Status400BadRequest);
            }

            var detail = string.Create(CultureInfo.InvariantCulture, $"WFDB export of device {deviceId} {range.From}..{range.To}");
            if (!await authorizer.CanViewAsync(http.User, sessionId, "recording.export.wfdb", http.Connection.RemoteIpAddress?.ToString(), detail, cancellationToken))
            {
                return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
            }

            try
            {
                var max = options.Value.MaxWaveformSamples;
                var counted = await reader.CountWaveformSamplesAsync(sessionId, range.From, range.To, cancellationToken);
                if (counted > max)
                {
                    return TooLarge(counted, max);
                }

                var channels = await reader.ReadWaveformsAsync(sessionId, range.From, range.To, cancellationToken);
                var samples = channels.Sum(c => c.Segments.Sum(s => (long)s.Samples.Length));
                if (samples > max)
                {
                    return TooLarge(samples, max);
                }

                var (zip, refusal) = WfdbRecordingExport.Build(sessionId, deviceId, channels, beatModel.Classifier);
                if (refusal is not null)
                {
                    return Results.Problem(refusal, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not exportable as WFDB format 16");
                }

                if (zip is null)
                {
                    return Results.Problem($"no ECG of device {deviceId} in session {sessionId} between {range.From} and {range.To} ns", statusCode: StatusCodes.Status404NotFound);
                }

                http.Response.Headers.CacheControl = "no-store";
                return Results.File(zip, "application/zip", $"{sessionId}-{deviceId}-wfdb.zip");
            }
            catch (StorageUnavailableException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-series store unavailable");
            }
        }).RequireAuthorization();
        return app;
    }

    private static IResult TooLarge(long samples, long max)
        => Results.Problem($"{samples} waveform samples in this range, more than the {max} one export may carry (Export:MaxWaveformSamples): ask for a shorter range",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
