using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using TeleSante.Domain.Codes;
using TeleSante.Fhir.Internal;
using TeleSante.Imaging;
using TeleSante.Storage;

namespace TeleSante.Fhir;

/// <summary>
/// A session as a FHIR R4 collection Bundle: one Encounter (the consultation, class VR = virtual),
/// one Device per device, vitals as Observations coded in LOINC and MDC with UCUM quantities (blood
/// pressure as the vital-signs panel 85354-9 with systolic/diastolic/mean components), waveforms as
/// Observations with SampledData (raw integers with origin and factor, so nothing is rounded), and
/// photographs as Media pointing at the gateway's image URL.
/// </summary>
public static class SessionBundleBuilder
{
    private const uint BpPanelMdc = 150020;
    private const uint EcgMdc = 131328;

    public static Bundle Build(SessionExport export, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(export);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Timestamp = now,
            Identifier = new Identifier(FhirSystems.SessionIdentifier + ":export", $"{export.SessionId}/{export.FromNs}-{export.ToNs}"),
        };

        var encounter = new Encounter
        {
            Status = Encounter.EncounterStatus.Unknown,
            Class = new Coding(FhirSystems.ActCode, "VR", "virtual"),
            Identifier = [new Identifier(FhirSystems.SessionIdentifier, export.SessionId)],
            Period = new Period(FhirTime.FromNs(export.FromNs), FhirTime.FromNs(export.ToNs)),
        };
        if (export.SiteId is not null)
        {
            encounter.ServiceProvider = new ResourceReference { Identifier = new Identifier("urn:telesante:site", export.SiteId), Display = export.SiteId };
        }

        var encounterRef = Add(bundle, encounter);
        var devices = new Dictionary<string, ResourceReference>(StringComparer.Ordinal);
        ResourceReference DeviceRef(string id)
        {
            if (!devices.TryGetValue(id, out var reference))
            {
                reference = Add(bundle, new Device { Identifier = [new Identifier(FhirSystems.DeviceIdentifier, id)], Status = Device.FHIRDeviceStatus.Active });
                devices[id] = reference;
            }

            return reference;
        }

        foreach (var group in export.Observations.GroupBy(o => (o.DeviceId, o.TimeNs, o.Seq)).OrderBy(g => g.Key.TimeNs))
        {
            var pressures = group.Where(o => o.MdcCode is CodeCatalog.BpSystolic or CodeCatalog.BpDiastolic or CodeCatalog.BpMean).ToList();
            if (pressures.Count > 0)
            {
                Add(bundle, BloodPressurePanel(pressures, DeviceRef(group.Key.DeviceId), encounterRef));
            }

            foreach (var record in group.Except(pressures))
            {
                Add(bundle, Vital(record, DeviceRef(record.DeviceId), encounterRef));
            }
        }

        // A measurement that failed is an Observation that was not completed (status cancelled, data
        // absent: error), so a reader sees the attempt and why, not a silent gap. Alarms and advisories
        // are not observations of the patient and stay in the gateway's event API.
        foreach (var failed in (export.Events ?? []).Where(e => e.Definition?.Kind == DeviceEventKind.MeasurementFailed))
        {
            Add(bundle, FailedMeasurement(failed, DeviceRef(failed.DeviceId), encounterRef));
        }

        foreach (var device in export.Waveforms.GroupBy(w => w.DeviceId))
        {
            foreach (var observation in Waveforms(device.ToList(), DeviceRef(device.Key), encounterRef))
            {
                Add(bundle, observation);
            }
        }

        foreach (var image in export.Images)
        {
            Add(bundle, Photograph(image, export.ImageUrl(image), DeviceRef(image.Upload.DeviceId), encounterRef));
        }

        return bundle;
    }

    private static ResourceReference Add(Bundle bundle, Resource resource)
    {
        var url = "urn:uuid:" + Guid.NewGuid().ToString("D");
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return new ResourceReference(url);
    }

    private static Observation Vital(ObservationRecord record, ResourceReference device, ResourceReference encounter)
    {
        var code = CodeCatalog.FindObservation(record.MdcCode);
        return new Observation
        {
            Status = ObservationStatus.Final,
            Identifier = [ObservationIdentifier(record)],
            Category = [Category(record.MdcCode == CodeCatalog.CapillaryGlucose ? "laboratory" : "vital-signs")],
            Code = Concept(record.MdcCode, record.RefId ?? code?.RefId, record.Loinc ?? code?.LoincFor(record.Unit), code?.Display),
            Value = Quantity(record.Value, record.Unit),
            Effective = FhirTime.FromNs(record.TimeNs),
            Device = device,
            Encounter = encounter,
        };
    }

    private static Observation FailedMeasurement(DeviceEventRecord failed, ResourceReference device, ResourceReference encounter)
    {
        var bloodPressure = failed.MdcCode is CodeCatalog.BpSystolic or CodeCatalog.BpDiastolic or CodeCatalog.BpMean;
        var code = CodeCatalog.FindObservation(failed.MdcCode);
        return new Observation
        {
            Status = ObservationStatus.Cancelled,
            Identifier = [new Identifier(FhirSystems.ObservationIdentifier, string.Create(CultureInfo.InvariantCulture, $"{failed.DeviceId}/{failed.Seq}/event/{failed.Code}"))],
            Category = [Category(failed.MdcCode == CodeCatalog.CapillaryGlucose ? "laboratory" : "vital-signs")],
            Code = bloodPressure ? Concept(BpPanelMdc, "MDC_PRESS_BLD_NONINV", "85354-9", "Blood pressure panel")
                : code is not null ? Concept(failed.MdcCode, code.RefId, code.Loinc, code.Display)
                : new CodeableConcept { Text = failed.Definition!.Display },
            DataAbsentReason = new CodeableConcept(FhirSystems.DataAbsentReason, "error", "Error"),
            Effective = FhirTime.FromNs(failed.TimeNs),
            Device = device,
            Encounter = encounter,
            Note = [new Annotation { Text = string.IsNullOrEmpty(failed.Text) ? failed.Definition!.Display : $"{failed.Definition!.Display} ({failed.Text})" }],
        };
    }

    private static Observation BloodPressurePanel(List<ObservationRecord> pressures, ResourceReference device, ResourceReference encounter)
    {
        var first = pressures[0];
        var panel = new Observation
        {
            Status = ObservationStatus.Final,
            Identifier = [.. pressures.Select(ObservationIdentifier)],
            Category = [Category("vital-signs")],
            Code = Concept(BpPanelMdc, "MDC_PRESS_BLD_NONINV", "85354-9", "Blood pressure panel"),
            Effective = FhirTime.FromNs(first.TimeNs),
            Device = device,
            Encounter = encounter,
        };
        foreach (var pressure in pressures.OrderBy(p => p.MdcCode))
        {
            var code = CodeCatalog.FindObservation(pressure.MdcCode);
            panel.Component.Add(new Observation.ComponentComponent
            {
                Code = Concept(pressure.MdcCode, pressure.RefId ?? code?.RefId, pressure.Loinc ?? code?.Loinc, code?.Display),
                Value = Quantity(pressure.Value, pressure.Unit),
            });
        }

        return panel;
    }

    /// <summary>One Observation per run of samples: the device's channels that start together at one rate
    /// (a 12-lead recording) become components of a single ECG observation.</summary>
    private static IEnumerable<Observation> Waveforms(List<WaveformChannelRecording> channels, ResourceReference device, ResourceReference encounter)
    {
        var runs = channels
            .SelectMany(c => c.Segments.Select(s => (Channel: c, Segment: s)))
            .GroupBy(x => (x.Segment.StartTimeNs, x.Segment.SampleRateHz))
            .OrderBy(g => g.Key.StartTimeNs);
        foreach (var run in runs)
        {
            var members = run.OrderBy(x => LeadOrder(x.Channel.MdcCode)).ToList();
            var longest = members.Max(x => x.Segment.Samples.Length);
            var endNs = run.Key.StartTimeNs + (long)Math.Round(longest * 1e9 / run.Key.SampleRateHz);
            var observation = new Observation
            {
                Status = ObservationStatus.Final,
                Category = [Category("procedure")],
                Effective = new Period(FhirTime.FromNs(run.Key.StartTimeNs), FhirTime.FromNs(endNs)),
                Device = device,
                Encounter = encounter,
            };
            if (members.Count == 1 && CodeCatalog.FindWaveform(members[0].Channel.MdcCode)?.Kind != WaveformKind.Ecg)
            {
                var (channel, segment) = members[0];
                observation.Code = WaveformConcept(channel.MdcCode);
                observation.Value = Sampled(segment);
            }
            else
            {
                observation.Code = Concept(EcgMdc, "MDC_ECG_ELEC_POTL", null, "ECG");
                foreach (var (channel, segment) in members)
                {
                    observation.Component.Add(new Observation.ComponentComponent { Code = WaveformConcept(channel.MdcCode), Value = Sampled(segment) });
                }
            }

            yield return observation;
        }
    }

    /// <summary>value = origin + factor × data (FHIR SampledData), with stored value = (raw − baseline) / gain.</summary>
    private static SampledData Sampled(WaveformSegment segment)
    {
        var data = new StringBuilder(segment.Samples.Length * 5);
        foreach (var sample in segment.Samples)
        {
            if (data.Length > 0)
            {
                data.Append(' ');
            }

            data.Append(sample.ToString(CultureInfo.InvariantCulture));
        }

        return new SampledData
        {
            Origin = Quantity(-segment.Baseline / segment.Gain, segment.Unit),
            Period = (decimal)(1000.0 / segment.SampleRateHz),
            Factor = (decimal)(1.0 / segment.Gain),
            Dimensions = 1,
            Data = data.ToString(),
        };
    }

    /// <summary>A photograph as Media pointing at the gateway's image URL (also the screening export's).</summary>
    internal static Media Photograph(StoredImage image, Uri url, ResourceReference? device, ResourceReference? encounter)
    {
        var upload = image.Upload;
        var rightEye = upload.Laterality == EyeLaterality.OD;
        return new Media
        {
            Status = EventStatus.Completed,
            Identifier =
            [
                new Identifier(FhirSystems.ImageIdentifier, $"{upload.DeviceId}/{upload.CaptureId}"),
                new Identifier(FhirSystems.ImageSha256Identifier, image.Sha256),
            ],
            Type = new CodeableConcept(FhirSystems.MediaType, "image", "Image"),
            Modality = new CodeableConcept(FhirSystems.DicomModality, "OP", "Ophthalmic Photography"),
            View = new CodeableConcept { Text = upload.Field switch { RetinalField.MaculaCentred => "macula-centred", RetinalField.DiscCentred => "disc-centred", _ => "other" } },
            BodySite = new CodeableConcept(FhirSystems.SnomedCt, rightEye ? "18944008" : "8966001", rightEye ? "Right eye structure" : "Left eye structure"),
            Created = new FhirDateTime(upload.CapturedAt),
            Device = device,
            Encounter = encounter,
            Width = image.Info.Width,
            Height = image.Info.Height,
            // No Attachment.size: the SDK's shared model writes it as an R5 integer64 string, which R4 readers refuse;
            // the file is identified by its SHA-256 above (Attachment.hash would have to be SHA-1).
            Content = new Attachment { ContentType = image.Info.ContentType, Url = url.ToString(), Creation = new FhirDateTime(upload.CapturedAt).Value },
        };
    }

    private static CodeableConcept WaveformConcept(uint mdc)
    {
        var code = CodeCatalog.FindWaveform(mdc);
        return Concept(mdc, code?.RefId, null, code?.Label);
    }

    private static CodeableConcept Concept(uint mdc, string? refId, string? loinc, string? display)
    {
        var concept = new CodeableConcept { Text = display };
        if (loinc is not null)
        {
            concept.Coding.Add(new Coding(FhirSystems.Loinc, loinc));
        }

        concept.Coding.Add(new Coding(FhirSystems.Mdc, mdc.ToString(CultureInfo.InvariantCulture), refId));
        return concept;
    }

    private static Quantity Quantity(double value, string ucum) =>
        new() { Value = (decimal)value, Unit = ucum, System = FhirSystems.Ucum, Code = ucum };

    private static CodeableConcept Category(string code) => new(FhirSystems.ObservationCategory, code);

    private static Identifier ObservationIdentifier(ObservationRecord record) =>
        new(FhirSystems.ObservationIdentifier, string.Create(CultureInfo.InvariantCulture, $"{record.DeviceId}/{record.Seq}/{record.MdcCode}"));

    private static int LeadOrder(uint mdc)
    {
        var index = -1;
        for (var i = 0; i < CodeCatalog.TwelveLeads.Count; i++)
        {
            if (CodeCatalog.TwelveLeads[i] == mdc)
            {
                index = i;
            }
        }

        return index < 0 ? int.MaxValue : index;
    }
}
