using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using TeleSante.Domain.Codes;
using TeleSante.Imaging;
using TeleSante.Storage;

namespace TeleSante.Fhir.Tests;

public sealed class SessionBundleBuilderTests
{
    private const long T0 = 1_795_000_000_123_456_789;

    private static Bundle Build(
        IReadOnlyList<ObservationRecord>? observations = null,
        IReadOnlyList<WaveformChannelRecording>? waveforms = null,
        IReadOnlyList<StoredImage>? images = null,
        IReadOnlyList<DeviceEventRecord>? events = null) =>
        SessionBundleBuilder.Build(
            new SessionExport("cons-42", "pharma-lyon-03", T0 - 60_000_000_000, T0 + 60_000_000_000, observations ?? [], waveforms ?? [], images ?? [],
                image => new Uri($"https://gw.example/api/sessions/cons-42/images/{image.Id}"), events),
            DateTimeOffset.UtcNow);

    private static Bundle RoundTrip(Bundle bundle)
    {
        var json = System.Text.Encoding.UTF8.GetString(FhirJson.Serialize(bundle));
        return FhirJson.Parse<Bundle>(json);
    }

    private static List<T> All<T>(Bundle bundle)
        where T : Resource => [.. bundle.Entry.Select(e => e.Resource).OfType<T>()];

    [Fact]
    public void A_blood_pressure_measurement_is_one_vital_signs_panel_with_its_components()
    {
        var bundle = RoundTrip(Build(
        [
            new("bp-1", CodeCatalog.BpSystolic, "MDC_PRESS_BLD_NONINV_SYS", "8480-6", 128, "mm[Hg]", T0, 7),
            new("bp-1", CodeCatalog.BpDiastolic, "MDC_PRESS_BLD_NONINV_DIA", "8462-4", 82, "mm[Hg]", T0, 7),
            new("bp-1", CodeCatalog.BpMean, "MDC_PRESS_BLD_NONINV_MEAN", "8478-0", 97.3, "mm[Hg]", T0, 7),
            new("bp-1", CodeCatalog.PulseRateNonInvasive, "MDC_PULS_RATE_NON_INV", "8867-4", 71, "/min", T0, 7),
        ]));

        var observations = All<Observation>(bundle);
        observations.Should().HaveCount(2, "the panel and the pulse rate");
        var panel = observations.Single(o => o.Code.Coding.Any(c => c.System == FhirSystems.Loinc && c.Code == "85354-9"));
        panel.Category.Single().Coding.Single().Code.Should().Be("vital-signs");
        panel.Component.Select(c => (c.Code.Coding.Single(x => x.System == FhirSystems.Loinc).Code, ((Quantity)c.Value!).Value, ((Quantity)c.Value!).Code, ((Quantity)c.Value!).System))
            .Should().Equal(("8480-6", 128m, "mm[Hg]", FhirSystems.Ucum), ("8462-4", 82m, "mm[Hg]", FhirSystems.Ucum), ("8478-0", 97.3m, "mm[Hg]", FhirSystems.Ucum));
        panel.Component[0].Code.Coding.Should().Contain(c => c.System == FhirSystems.Mdc && c.Code == "150021" && c.Display == "MDC_PRESS_BLD_NONINV_SYS");
        var pulse = observations.Single(o => o != panel);
        pulse.Code.Coding.Should().Contain(c => c.System == FhirSystems.Loinc && c.Code == "8867-4");
        ((Quantity)pulse.Value!).Code.Should().Be("/min");
    }

    [Fact]
    public void Every_observation_keeps_the_stored_nanosecond_and_references_its_device_and_encounter()
    {
        var bundle = RoundTrip(Build([new("oxi-1", CodeCatalog.SpO2, "MDC_PULS_OXIM_SAT_O2", "59408-5", 97, "%", T0, 3)]));

        var observation = All<Observation>(bundle).Single();
        ((FhirDateTime)observation.Effective!).Value.Should().Be("2026-11-18T11:06:40.123456789Z");
        observation.Identifier.Single().Value.Should().Be("oxi-1/3/150456");
        var device = (Device)bundle.FindEntry(observation.Device!.Reference).Single().Resource!;
        device!.Identifier.Single().Should().Match<Identifier>(i => i.System == FhirSystems.DeviceIdentifier && i.Value == "oxi-1");
        var encounter = (Encounter)bundle.FindEntry(observation.Encounter!.Reference).Single().Resource!;
        encounter!.Identifier.Single().Value.Should().Be("cons-42");
        encounter.Class.Code.Should().Be("VR", "a teleconsultation is a virtual encounter");
    }

    [Fact]
    public void Glucose_in_mg_per_dl_is_coded_with_the_unit_specific_loinc_and_filed_as_laboratory()
    {
        var bundle = RoundTrip(Build([new("glu-1", CodeCatalog.CapillaryGlucose, null, null, 142, "mg/dL", T0, 1)]));

        var glucose = All<Observation>(bundle).Single();
        glucose.Code.Coding.Should().Contain(c => c.System == FhirSystems.Loinc && c.Code == "41653-7");
        glucose.Category.Single().Coding.Single().Code.Should().Be("laboratory");
    }

    [Fact]
    public void A_twelve_lead_run_is_one_ecg_observation_whose_sampled_data_gives_back_every_value()
    {
        var random = new Random(5);
        var leads = CodeCatalog.TwelveLeads.Reverse().Select(mdc => new WaveformChannelRecording("ecg-1", mdc, null,
            [new WaveformSegment(T0, 500, 200, 12, "mV", [.. Enumerable.Range(0, 250).Select(_ => random.Next(-3000, 3000))])])).ToList();

        var bundle = RoundTrip(Build(waveforms: leads));

        var ecg = All<Observation>(bundle).Single();
        ecg.Code.Coding.Should().Contain(c => c.System == FhirSystems.Mdc && c.Code == "131328");
        ecg.Component.Select(c => c.Code.Text).Should().Equal("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        foreach (var component in ecg.Component)
        {
            var mdc = uint.Parse(component.Code.Coding.Single(c => c.System == FhirSystems.Mdc).Code!, CultureInfo.InvariantCulture);
            var stored = leads.Single(l => l.MdcCode == mdc).Segments[0];
            var sampled = (SampledData)component.Value!;
            sampled.Period.Should().Be(2m, "500 Hz");
            sampled.Origin!.Code.Should().Be("mV");
            var values = sampled.Data!.Split(' ').Select(d => sampled.Origin!.Value!.Value + (sampled.Factor!.Value * decimal.Parse(d, CultureInfo.InvariantCulture))).ToList();
            values.Should().Equal(stored.Samples.Select(s => (decimal)((s - stored.Baseline) / stored.Gain)), (a, b) => Math.Abs(a - b) < 1e-9m);
        }

        var period = (Period)ecg.Effective!;
        period.End.Should().Be("2026-11-18T11:06:40.623456789Z", "250 samples at 500 Hz last 0.5 s");
    }

    [Fact]
    public void A_gap_in_a_recording_gives_two_observations_and_a_plethysmogram_carries_its_samples_directly()
    {
        var pleth = new WaveformChannelRecording("oxi-1", CodeCatalog.Pleth, null,
        [
            new WaveformSegment(T0, 100, 1000, 0, "1", [1, 2, 3]),
            new WaveformSegment(T0 + 5_000_000_000, 100, 1000, 0, "1", [4, 5]),
        ]);

        var observations = All<Observation>(RoundTrip(Build(waveforms: [pleth])));

        observations.Should().HaveCount(2);
        observations.Select(o => ((SampledData)o.Value!).Data).Should().Equal("1 2 3", "4 5");
        observations.Should().OnlyContain(o => o.Code.Coding.Any(c => c.Code == "150452"));
    }

    [Fact]
    public void A_fundus_photograph_is_media_with_eye_modality_size_and_where_to_fetch_it()
    {
        var upload = new ImageUpload("fundus-1", "pharma-lyon-03", "cons-42", "cap-1", EyeLaterality.OS, RetinalField.DiscCentred, DateTimeOffset.FromUnixTimeSeconds(1_795_000_000), "image/jpeg");
        var image = new StoredImage(17, upload, new string('a', 64), 150_000, new ImageInfo(ImageFormat.Jpeg, 1280, 960), DateTimeOffset.UtcNow);

        var media = All<Media>(RoundTrip(Build(images: [image]))).Single();

        media.BodySite!.Coding.Single().Should().Match<Coding>(c => c.System == FhirSystems.SnomedCt && c.Code == "8966001");
        media.Modality!.Coding.Single().Code.Should().Be("OP");
        media.View!.Text.Should().Be("disc-centred");
        media.Width.Should().Be(1280);
        media.Content.Url.Should().Be("https://gw.example/api/sessions/cons-42/images/17");
        media.Content.ContentType.Should().Be("image/jpeg");
        media.Identifier.Should().Contain(i => i.System == FhirSystems.ImageSha256Identifier && i.Value == image.Sha256);
    }

    [Fact]
    public void A_failed_measurement_is_a_cancelled_observation_with_the_reason_and_alarms_are_left_out()
    {
        var bundle = RoundTrip(Build(events:
        [
            new DeviceEventRecord("bp-1", "cuff-loose", DeviceEventCatalog.Find("cuff-loose"), CodeCatalog.BpSystolic, "E1", T0, 4),
            new DeviceEventRecord("oxi-1", "probe-off", DeviceEventCatalog.Find("probe-off"), CodeCatalog.Pleth, "", T0, 9),
        ]));

        var failed = All<Observation>(bundle).Should().ContainSingle("a probe-off alarm is not an observation of the patient").Subject;
        failed.Status.Should().Be(ObservationStatus.Cancelled);
        failed.Code.Coding.Should().Contain(c => c.System == FhirSystems.Loinc && c.Code == "85354-9");
        failed.DataAbsentReason!.Coding.Single().Code.Should().Be("error");
        failed.Value.Should().BeNull();
        failed.Note.Single().Text.Should().Be("Cuff loose or not on the arm (E1)");
    }

    [Fact]
    public void The_bundle_passes_the_sdk_validation_and_is_plain_fhir_json()
    {
        var bundle = Build(
            [new("th-1", CodeCatalog.BodyTemperature, "MDC_TEMP_BODY", "8310-5", 37.2, "Cel", T0, 1)],
            [new WaveformChannelRecording("ecg-1", CodeCatalog.EcgLeadII, null, [new WaveformSegment(T0, 250, 100, 0, "mV", [0, 50, 100])])]);

        // Validate returns the issues it finds (it does not throw): none expected.
        bundle.Validate(ModelInfo.ModelInspector).Select(i => i.Message).Should().BeEmpty();
        using var json = JsonDocument.Parse(FhirJson.Serialize(bundle));
        json.RootElement.GetProperty("resourceType").GetString().Should().Be("Bundle");
        json.RootElement.GetProperty("type").GetString().Should().Be("collection");
        json.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString())
            .Should().BeEquivalentTo(["Encounter", "Device", "Device", "Observation", "Observation"]);
    }
}
