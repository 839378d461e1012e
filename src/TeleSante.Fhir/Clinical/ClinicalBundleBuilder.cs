using Hl7.Fhir.Model;
using TeleSante.Clinical.Requests;
using TeleSante.Fhir.Clinical.Internal;
using FhirTask = Hl7.Fhir.Model.Task;

namespace TeleSante.Fhir.Clinical;

/// <summary>
/// One tele-expertise request as a FHIR R4 <b>collection</b> Bundle (issue 11): the session's Encounter, Devices,
/// Observations and Media (<see cref="SessionBundleBuilder"/>, the consultation id being the session id), then the
/// Patient, the Practitioners, the Consent, the ServiceRequest (the order), the Task (its fulfilment, status
/// mirroring the request state) and, once signed, the DiagnosticReport with its measurements. Every reference is
/// a bundle fullUrl, so the links resolve inside the bundle.
/// <para>Collection rather than document: a document bundle is one attested clinical document whose first entry
/// is a Composition and whose content never changes; this export is a snapshot of a workflow (the Task changes
/// with each step) around a report that is itself the signed artefact, its signature carried by
/// DiagnosticReport.resultsInterpreter and issued.</para>
/// </summary>
public static class ClinicalBundleBuilder
{
    public static Bundle Build(ClinicalExport export, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(export);
        var request = export.Request;
        var bundle = SessionBundleBuilder.Build(export.Session, now);
        bundle.Identifier = new Identifier(ClinicalSystems.RequestExportIdentifier, $"{request.Id}/v{request.Version}");

        var sessionEntries = bundle.Entry.ToList();
        var encounter = sessionEntries.Select(e => e.Resource).OfType<Encounter>().Single();
        var encounterUrl = sessionEntries.Single(e => e.Resource == encounter).FullUrl!;
        var waveforms = sessionEntries.Where(e => e.Resource is Observation o && IsWaveform(o)).Select(e => e.FullUrl!).ToList();
        var supporting = sessionEntries.Where(e => e.Resource is Observation or Media).Select(e => e.FullUrl!).ToList();

        var patient = BundleEntries.Add(bundle, PartyResources.Patient(export.Patient));
        var consultation = export.Consultation;
        encounter.Subject = BundleEntries.Ref(patient);
        encounter.Status = consultation.IsOpen ? Encounter.EncounterStatus.InProgress : Encounter.EncounterStatus.Finished;
        encounter.Period = new Period
        {
            Start = BundleEntries.Time(consultation.OpenedAt),
            End = consultation.ClosedAt is { } closed ? BundleEntries.Time(closed) : null,
        };

        var practitioners = new Dictionary<string, string>(StringComparer.Ordinal);
        string PractitionerUrl(string id, Func<Hl7.Fhir.Model.Practitioner>? fallback = null)
        {
            if (!practitioners.TryGetValue(id, out var url))
            {
                var resource = export.Practitioners.TryGetValue(id, out var known) ? PartyResources.Practitioner(known)
                    : fallback?.Invoke() ?? PartyResources.Practitioner(id, id, "", null);
                practitioners[id] = url = BundleEntries.Add(bundle, resource);
            }

            return url;
        }

        var collector = PractitionerUrl(export.Consent.CollectedBy);
        BundleEntries.Add(bundle, PartyResources.Consent(export.Consent, BundleEntries.Ref(patient), BundleEntries.Ref(collector)));

        var requester = PractitionerUrl(request.RequestedBy);
        var specialist = request.AcceptedBy is { } acceptedBy ? PractitionerUrl(acceptedBy) : null;
        var specialty = new CodeableConcept(ClinicalSystems.Specialty, request.Specialty) { Text = request.Specialty };
        var priority = RequestStatusMapping.PriorityOf(request.Priority);

        var serviceRequest = new ServiceRequest
        {
            Identifier = [new Identifier(ClinicalSystems.RequestIdentifier, request.Id)],
            Status = RequestStatusMapping.ServiceRequestStatusOf(request.State),
            Intent = RequestIntent.Order,
            Priority = priority,
            // The service asked for is the reading of an EKG study: its LOINC code, the one the report carries.
            Code = request.Kind == RequestKind.EcgInterpretation ? EkgStudyWithText() : new CodeableConcept { Text = "Fundus photograph grading (tele-expertise)" },
            Subject = BundleEntries.Ref(patient),
            Encounter = BundleEntries.Ref(encounterUrl),
            AuthoredOn = BundleEntries.Time(request.SubmittedAt ?? request.CreatedAt),
            Requester = BundleEntries.Ref(requester),
            PerformerType = specialty,
            Note = [new Annotation { Text = request.Question, Author = BundleEntries.Ref(requester), Time = BundleEntries.Time(request.CreatedAt) }],
            SupportingInfo = [.. supporting.Select(url => BundleEntries.Ref(url))],
        };
        if (request.SubmittedAt is { } submitted && request.DueAt is { } due)
        {
            serviceRequest.Occurrence = new Period { Start = BundleEntries.Time(submitted), End = BundleEntries.Time(due) };
        }

        if (request.ClinicalContext.Length > 0)
        {
            serviceRequest.ReasonCode.Add(new CodeableConcept { Text = request.ClinicalContext });
        }

        if (specialist is not null)
        {
            serviceRequest.Performer.Add(BundleEntries.Ref(specialist));
        }

        var serviceRequestUrl = BundleEntries.Add(bundle, serviceRequest);

        string? reportUrl = null;
        if (export.Reports.MaxBy(r => r.Version) is { } report)
        {
            var signer = PractitionerUrl(report.SignedBy, () => PartyResources.Practitioner(report.SignedBy, report.SignerName, "", report.SignerRpps));
            reportUrl = EcgReportResources.Add(bundle, report,
                new ReportContext(patient, encounterUrl, serviceRequestUrl, signer, waveforms, RecordedPeriod(request)));
        }

        BundleEntries.Add(bundle, Task(export, patient, encounterUrl, serviceRequestUrl, requester, specialist, reportUrl, priority));
        return bundle;
    }

    private static FhirTask Task(ClinicalExport export, string patient, string encounter, string serviceRequest, string requester, string? specialist,
        string? report, RequestPriority priority)
    {
        var request = export.Request;
        var lastStep = export.Events.Count > 0 ? export.Events.Max(e => e.At)
            : new[] { request.CreatedAt, request.SubmittedAt, request.AcceptedAt, request.AnsweredAt }.Max(t => t ?? DateTimeOffset.MinValue);
        var task = new FhirTask
        {
            Identifier = [new Identifier(ClinicalSystems.RequestIdentifier, request.Id)],
            BasedOn = [BundleEntries.Ref(serviceRequest)],
            Status = RequestStatusMapping.TaskStatusOf(request.State),
            BusinessStatus = new CodeableConcept(ClinicalSystems.RequestState, request.State.ToString()) { Text = request.State.ToString() },
            Intent = FhirTask.TaskIntent.Order,
            Priority = priority,
            Code = new CodeableConcept(ClinicalSystems.TaskCode, "fulfill", "Fulfill the focal request"),
            Focus = BundleEntries.Ref(serviceRequest),
            For = BundleEntries.Ref(patient),
            Encounter = BundleEntries.Ref(encounter),
            AuthoredOn = BundleEntries.Time(request.CreatedAt),
            LastModified = BundleEntries.Time(lastStep),
            Requester = BundleEntries.Ref(requester),
        };
        task.StatusReason = request.State switch
        {
            RequestState.Declined when request.DeclineReason is { } reason => new CodeableConcept { Text = reason },
            RequestState.Expired => new CodeableConcept { Text = "no specialist accepted it before its due time" },
            _ => null,
        };
        if (specialist is not null)
        {
            task.Owner = BundleEntries.Ref(specialist);
        }

        if (request.AcceptedAt is { } accepted)
        {
            task.ExecutionPeriod = new Period { Start = BundleEntries.Time(accepted), End = request.AnsweredAt is { } answered ? BundleEntries.Time(answered) : null };
        }

        if (request.DueAt is { } due)
        {
            task.Restriction = new FhirTask.RestrictionComponent { Period = new Period { End = BundleEntries.Time(due) } };
        }

        if (report is not null)
        {
            task.Output.Add(new FhirTask.OutputComponent { Type = new CodeableConcept { Text = "signed report" }, Value = BundleEntries.Ref(report) });
        }

        return task;
    }

    private static CodeableConcept EkgStudyWithText()
    {
        var code = EcgReportResources.EkgStudyCode();
        code.Text = "ECG interpretation (tele-expertise)";
        return code;
    }

    private static Period? RecordedPeriod(TeleExpertiseRequest request)
    {
        var recordings = request.Attachments.Recordings;
        return recordings.Count == 0 ? null
            : new Period { Start = BundleEntries.Time(recordings.Min(r => r.From)), End = BundleEntries.Time(recordings.Max(r => r.To)) };
    }

    private static bool IsWaveform(Observation observation) =>
        observation.Value is SampledData || observation.Component.Any(c => c.Value is SampledData);
}
