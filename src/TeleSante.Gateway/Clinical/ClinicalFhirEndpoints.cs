using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.Fhir;
using TeleSante.Fhir.Clinical;
using TeleSante.Gateway.Export;
using TeleSante.Gateway.Security;
using TeleSante.Imaging;
using TeleSante.Storage;

namespace TeleSante.Gateway.Clinical;

internal static class ClinicalFhirEndpoints
{
    private const string Action = "clinical.request.export";

    /// <summary>
    /// GET /api/clinical/requests/{id}/fhir?waveforms=true — the request as a FHIR R4 collection Bundle
    /// (<see cref="ClinicalBundleBuilder"/>): patient, consent, order, task, signed report, and the readings and
    /// photographs the request attached. For the requester and the accepting specialist only; refused once the
    /// patient withdrew their consent (a withdrawal stops any further sharing, issue 11); audited
    /// (<c>clinical.request.export</c>), allowed or not, before anything is served. The attached waveforms count
    /// against Export:MaxWaveformSamples like a session export (413, from the stored count first).
    /// </summary>
    public static IEndpointRouteBuilder MapClinicalFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/clinical/requests/{id}/fhir", async (string id, bool? waveforms, ClinicalActors actors, ClinicalStore store, IRecordingReader reader,
            IImageStore images, IAuditTrail audit, IOptions<ExportOptions> options, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var resource = "request/" + id;
            var loaded = await LoadAsync(id, actors, store, time, http, ct);
            if (!loaded.Succeeded)
            {
                return await ClinicalProblems.AnswerAsync(audit, http, Action, resource, loaded, _ => Results.Empty);
            }

            try
            {
                var origin = $"{http.Request.Scheme}://{http.Request.Host}";
                var (session, samples) = await ReadAttachedAsync(loaded.Value, waveforms != false, reader, images, options.Value.MaxWaveformSamples, origin, time, ct);
                if (session is null)
                {
                    var detail = $"{samples} waveform samples, more than Export:MaxWaveformSamples ({options.Value.MaxWaveformSamples})";
                    await AdminEndpoints.Audit(audit, http, Action, resource, AuditEntry.Denied, detail);
                    return Results.Problem($"{samples} waveform samples attached to this request, more than the {options.Value.MaxWaveformSamples} one export may carry (Export:MaxWaveformSamples): ask with waveforms=false",
                        statusCode: StatusCodes.Status413PayloadTooLarge);
                }

                var body = FhirJson.Serialize(ClinicalBundleBuilder.Build(loaded.Value with { Session = session }, time.GetUtcNow()));
                await AdminEndpoints.Audit(audit, http, Action, resource, AuditEntry.Allowed, "FHIR bundle");
                http.Response.Headers.CacheControl = "no-store";
                return Results.Bytes(body, FhirJson.MediaType);
            }
            catch (StorageUnavailableException ex)
            {
                await AdminEndpoints.Audit(audit, http, Action, resource, AuditEntry.Denied, "time-series store unavailable");
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-series store unavailable");
            }
        }).RequireAuthorization();
        return app;
    }

    /// <summary>Checks who asks and the consent, then loads the clinical records. The session part is left empty
    /// here and read afterwards, only for an allowed caller.</summary>
    private static async Task<Outcome<ClinicalExport>> LoadAsync(string id, ClinicalActors actors, ClinicalStore store, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(http, ct);
        if (!actor.Succeeded)
        {
            return actor.Refusal;
        }

        if (await store.GetRequestAsync(id, ct) is not { } request)
        {
            return new Refusal(RefusalCode.NotFound, $"request {id} does not exist");
        }

        // The same two parties as reading the request: the patient's data goes to nobody else.
        if (actor.Value.Id != request.RequestedBy && actor.Value.Id != request.AcceptedBy)
        {
            return new Refusal(RefusalCode.NotTheRequester, $"request {id} is exported by its requester or the specialist who accepted it");
        }

        var consultation = await store.GetConsultationAsync(request.ConsultationId, ct)
            ?? throw new InvalidOperationException($"request {id} names consultation {request.ConsultationId}, which does not exist");
        var consent = await store.GetConsentAsync(consultation.ConsentId, ct)
            ?? throw new InvalidOperationException($"consultation {consultation.Id} names consent {consultation.ConsentId}, which does not exist");
        if (consent.IsWithdrawn)
        {
            return new Refusal(RefusalCode.ConsentWithdrawn, $"consent {consent.Id} was withdrawn on {consent.Withdrawal!.At:O}: nothing of this patient is shared any more");
        }

        var patient = await store.GetPatientAsync(request.PatientId, ct)
            ?? throw new InvalidOperationException($"request {id} names patient {request.PatientId}, who does not exist");
        var reports = await store.GetReportsAsync(id, ct);
        var events = await store.GetEventsAsync(id, ct);
        var practitioners = new Dictionary<string, Practitioner>(StringComparer.Ordinal);
        foreach (var practitionerId in new[] { request.RequestedBy, request.AcceptedBy, consent.CollectedBy }.Concat(reports.Select(r => r.SignedBy)))
        {
            if (practitionerId is not null && !practitioners.ContainsKey(practitionerId) && await store.GetPractitionerAsync(practitionerId, ct) is { } found)
            {
                practitioners[practitionerId] = found;
            }
        }

        var noSession = new SessionExport(consultation.Id, consultation.SiteId, 0, 1, [], [], [], _ => new Uri("about:blank"));
        return new ClinicalExport(request, consultation, patient, consent, reports, practitioners, events, noSession);
    }

    /// <summary>
    /// What the request attached, read as the session export reads it (the consultation id is the session id):
    /// each device's recording ranges (waveforms) and vitals ranges (observations, failed measurements), and the
    /// photographs by image id. Null with the sample count when the waveforms are over the limit.
    /// </summary>
    private static async Task<(SessionExport? Session, long Samples)> ReadAttachedAsync(ClinicalExport export, bool withWaveforms, IRecordingReader reader,
        IImageStore images, long maxSamples, string origin, TimeProvider time, CancellationToken ct)
    {
        var sessionId = export.Consultation.Id;
        var recordings = Merge(export.Request.Attachments.Recordings);
        var vitals = Merge(export.Request.Attachments.Vitals);

        var channels = new List<WaveformChannelRecording>();
        if (withWaveforms)
        {
            // Counted first (every device of the range: an upper bound), so an oversized request is refused
            // without loading its samples; counted again once loaded, as the session export does.
            long counted = 0;
            foreach (var range in recordings)
            {
                counted += await reader.CountWaveformSamplesAsync(sessionId, range.FromNs, range.ToNs, ct);
            }

            if (counted > maxSamples)
            {
                return (null, counted);
            }

            foreach (var range in recordings)
            {
                channels.AddRange((await reader.ReadWaveformsAsync(sessionId, range.FromNs, range.ToNs, ct)).Where(c => c.DeviceId == range.DeviceId));
            }

            var samples = channels.Sum(c => c.Segments.Sum(s => (long)s.Samples.Length));
            if (samples > maxSamples)
            {
                return (null, samples);
            }
        }

        var observations = new List<ObservationRecord>();
        var events = new List<DeviceEventRecord>();
        foreach (var range in vitals)
        {
            observations.AddRange((await reader.ReadObservationsAsync(sessionId, range.FromNs, range.ToNs, ct)).Where(o => o.DeviceId == range.DeviceId));
            events.AddRange((await reader.ReadEventsAsync(sessionId, range.FromNs, range.ToNs, ct)).Where(e => e.DeviceId == range.DeviceId));
        }

        var wanted = export.Request.Attachments.ImageIds.ToHashSet(StringComparer.Ordinal);
        var photographs = wanted.Count == 0 ? []
            : (await images.ListAsync(sessionId, ct)).Where(i => wanted.Contains(i.Id.ToString(CultureInfo.InvariantCulture))).ToList();

        var all = recordings.Concat(vitals).ToList();
        var consultation = export.Consultation;
        var fromNs = all.Count > 0 ? all.Min(r => r.FromNs) : Ns(consultation.OpenedAt);
        var toNs = all.Count > 0 ? all.Max(r => r.ToNs) : Ns(consultation.ClosedAt ?? time.GetUtcNow());
        return (new SessionExport(sessionId, consultation.SiteId, fromNs, Math.Max(toNs, fromNs + 1), observations, channels, photographs,
            image => new Uri($"{origin}/api/sessions/{sessionId}/images/{image.Id}"), events), 0);
    }

    /// <summary>Overlapping ranges of one device read once: a reading is never exported twice.</summary>
    private static List<(string DeviceId, long FromNs, long ToNs)> Merge(IReadOnlyList<RecordingRange> ranges)
    {
        var merged = new List<(string DeviceId, long FromNs, long ToNs)>();
        foreach (var device in ranges.GroupBy(r => r.DeviceId, StringComparer.Ordinal))
        {
            foreach (var range in device.Select(r => (r.DeviceId, FromNs: Ns(r.From), ToNs: Ns(r.To))).OrderBy(r => r.FromNs))
            {
                if (merged.Count > 0 && merged[^1].DeviceId == range.DeviceId && range.FromNs <= merged[^1].ToNs)
                {
                    merged[^1] = (range.DeviceId, merged[^1].FromNs, Math.Max(merged[^1].ToNs, range.ToNs));
                }
                else
                {
                    merged.Add(range);
                }
            }
        }

        return merged;
    }

    private static long Ns(DateTimeOffset at) => (at.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
