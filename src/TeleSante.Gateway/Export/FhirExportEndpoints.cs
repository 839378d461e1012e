using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Access.Assignments;
using TeleSante.Fhir;
using TeleSante.Gateway.Recordings;
using TeleSante.Gateway.Security;
using TeleSante.Imaging;
using TeleSante.Storage;

namespace TeleSante.Gateway.Export;

internal static class FhirExportEndpoints
{
    /// <summary>
    /// GET /api/sessions/{sessionId}/fhir?from=&amp;to=&amp;waveforms=true — the session as a FHIR R4
    /// collection Bundle (application/fhir+json): Encounter, Devices, vitals, waveforms as SampledData,
    /// photographs as Media. The assignment check and the audit ("session.export") are those of every
    /// read of patient data; an export larger than Export:MaxWaveformSamples is refused (413), from the
    /// stored sample count, before any sample is loaded.
    /// </summary>
    public static IEndpointRouteBuilder MapFhirExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{sessionId}/fhir", async (string sessionId, string? from, string? to, bool? waveforms, IRecordingReader reader, IImageStore images,
            ISessionSites sites, SessionAuthorizer authorizer, IOptions<ExportOptions> options, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!RecordingEndpoints.TryRange(sessionId, from, to, time, out var range, out var problem))
            {
                return problem!;
            }

            var detail = string.Create(CultureInfo.InvariantCulture, $"FHIR bundle {range.From}..{range.To}");
            if (!await authorizer.CanViewAsync(http.User, sessionId, "session.export", http.Connection.RemoteIpAddress?.ToString(), detail, cancellationToken))
            {
                return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
            }

            try
            {
                // Counted first, so an oversized range is refused without loading its samples; counted
                // again once loaded, so the limit holds even where the count could be off (overlapping chunks).
                var counted = waveforms == false ? 0 : await reader.CountWaveformSamplesAsync(sessionId, range.From, range.To, cancellationToken);
                if (counted > options.Value.MaxWaveformSamples)
                {
                    return TooLarge(counted, options.Value.MaxWaveformSamples);
                }

                var observations = await reader.ReadObservationsAsync(sessionId, range.From, range.To, cancellationToken);
                var events = await reader.ReadEventsAsync(sessionId, range.From, range.To, cancellationToken);
                var channels = waveforms == false ? [] : await reader.ReadWaveformsAsync(sessionId, range.From, range.To, cancellationToken);
                var samples = channels.Sum(c => c.Segments.Sum(s => (long)s.Samples.Length));
                if (samples > options.Value.MaxWaveformSamples)
                {
                    return TooLarge(samples, options.Value.MaxWaveformSamples);
                }

                var photographs = (await images.ListAsync(sessionId, cancellationToken))
                    .Where(i => InRange(i.Upload.CapturedAt, range.From, range.To)).ToList();
                var origin = $"{http.Request.Scheme}://{http.Request.Host}";
                var export = new SessionExport(sessionId, sites.SiteOf(sessionId), range.From, range.To, observations, channels, photographs,
                    image => new Uri($"{origin}/api/sessions/{sessionId}/images/{image.Id}"), events);
                var bundle = SessionBundleBuilder.Build(export, time.GetUtcNow());
                http.Response.Headers.CacheControl = "no-store";
                return Results.Bytes(FhirJson.Serialize(bundle), FhirJson.MediaType);
            }
            catch (StorageUnavailableException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-series store unavailable");
            }
        }).RequireAuthorization();
        return app;
    }

    private static IResult TooLarge(long samples, long max)
        => Results.Problem($"{samples} waveform samples in this range, more than the {max} one export may carry (Export:MaxWaveformSamples): ask for a shorter range or waveforms=false",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private static bool InRange(DateTimeOffset at, long fromNs, long toNs)
    {
        var ns = (at.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        return ns >= fromNs && ns < toNs;
    }
}
