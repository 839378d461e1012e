using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Fhir;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;
using Observation = Hl7.Fhir.Model.Observation;
using Task = System.Threading.Tasks.Task;

namespace TeleSante.Gateway.Tests;

/// <summary>A session leaves the system as FHIR R4: what the gateway stored, exactly, for the assigned
/// practitioner only, and every export in the audit trail.</summary>
public sealed class FhirExportTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Session = "export-session";
    private const string Site = "test-pharmacy";

    [Fact]
    public async Task An_assigned_practitioner_exports_the_session_as_a_fhir_bundle_that_gives_back_what_was_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 60_000_000_000;
        var ecg = TestEcg.Batches(TestEcg.Recorder("ecg-exp", Session, start, leads: 12), 4);
        await GrpcIngestionTests.SendAllAsync(gateway, [.. ecg, BloodPressure(start + 1_000_000_000)]);
        var jpeg = new FundusCamera(new FundusCameraOptions { DeviceId = "fundus-exp", SiteId = Site, Width = 160, Height = 120 }).Capture(Laterality.OD).EncodeJpeg();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/fundus-exp/images/c1?session={Session}&site={Site}&laterality=OD&field=macula&capturedAt={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-30).ToString("O", CultureInfo.InvariantCulture))}")
        {
            Content = new ByteArrayContent(jpeg) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } },
        };
        (await gateway.Http.SendAsync(upload)).StatusCode.Should().Be(HttpStatusCode.Created);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        await gateway.AssignAsync(Session);
        var range = $"from={start - 1_000_000_000}&to={TestEcg.NowNs() + 1_000_000_000}";

        using var response = await gateway.Http.GetAsync($"/api/sessions/{Session}/fhir?{range}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        var bundle = FhirJson.Parse<Bundle>(await response.Content.ReadAsStringAsync());
        var resources = bundle.Entry.Select(e => e.Resource).ToList();

        var stored = await StoredRecording.WaveformsAsync(gateway, Session, start - 1_000_000_000, TestEcg.NowNs());
        var ecgObservation = resources.OfType<Observation>().Single(o => o.Code.Coding.Any(c => c.Code == "131328"));
        ecgObservation.Component.Should().HaveCount(12);
        foreach (var component in ecgObservation.Component)
        {
            var mdc = uint.Parse(component.Code.Coding.Single(c => c.System == FhirSystems.Mdc).Code!, CultureInfo.InvariantCulture);
            var data = ((SampledData)component.Value!).Data!.Split(' ').Select(x => int.Parse(x, CultureInfo.InvariantCulture));
            data.Should().Equal(stored[mdc].Samples, "the export carries the stored samples, not a resampled or rounded copy");
        }

        var panel = resources.OfType<Observation>().Single(o => o.Code.Coding.Any(c => c.Code == "85354-9"));
        panel.Component.Select(c => ((Quantity)c.Value!).Value).Should().Equal(131m, 84m);
        var media = resources.OfType<Media>().Single();
        media.BodySite!.Coding.Single().Code.Should().Be("18944008", "right eye");
        (await gateway.Http.GetByteArrayAsync(media.Content.Url)).Should().Equal(jpeg, "the Media URL serves the photograph");
        resources.OfType<Encounter>().Single().Identifier.Single().Value.Should().Be(Session);

        using var other = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("dr-not-assigned", "specialist"));
        (await other.GetAsync($"/api/sessions/{Session}/fhir?{range}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var audit = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray().ToList();
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "session.export" && e.GetProperty("actor").GetString() == GatewayProcess.Reviewer && e.GetProperty("outcome").GetString() == "allowed");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "session.export" && e.GetProperty("actor").GetString() == "dr-not-assigned" && e.GetProperty("outcome").GetString() == "denied");
    }

    [Fact]
    public async Task An_export_over_the_sample_limit_is_refused_with_a_way_out()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Export:MaxWaveformSamples"] = "1000" });
        var start = TestEcg.NowNs() - 60_000_000_000;
        await GrpcIngestionTests.SendAllAsync(gateway, [.. TestEcg.Batches(TestEcg.Recorder("ecg-big", Session, start, leads: 12), 2), BloodPressure(start)]);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        await gateway.AssignAsync(Session);
        var range = $"from={start - 1_000_000_000}&to={TestEcg.NowNs()}";

        using var tooBig = await gateway.Http.GetAsync($"/api/sessions/{Session}/fhir?{range}");
        using var vitalsOnly = await gateway.Http.GetAsync($"/api/sessions/{Session}/fhir?{range}&waveforms=false");

        tooBig.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await tooBig.Content.ReadAsStringAsync()).Should().Contain("6000 waveform samples").And.Contain("Export:MaxWaveformSamples");
        vitalsOnly.StatusCode.Should().Be(HttpStatusCode.OK);
        FhirJson.Parse<Bundle>(await vitalsOnly.Content.ReadAsStringAsync()).Entry.Select(e => e.Resource).OfType<Observation>().Should().ContainSingle();
    }

    [Fact]
    public async Task An_oversized_export_is_refused_from_the_stored_sample_count_without_loading_the_samples()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Export:MaxWaveformSamples"] = "1000" });
        await gateway.AssignAsync(Session);
        var start = TestEcg.NowNs() - 60_000_000_000;
        // A stored chunk that declares 5000 samples but whose samples cannot be decoded: only an export that
        // loads them notices (and fails); one that counts first refuses the range without touching them.
        await influx.Server.WriteAsync(gateway.Database,
            $"waveform,device=ecg-count,mdc={CodeCatalog.EcgLeadII},session={Session},site={Site} baseline=0i,gain=1000,n=5000i,rate=500,samples=\"!not base64!\",seq=1i,unit=\"mV\" {start}");
        var range = $"from={start - 1_000_000_000}&to={TestEcg.NowNs()}";

        using var tooBig = await gateway.Http.GetAsync($"/api/sessions/{Session}/fhir?{range}");

        tooBig.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, await tooBig.Content.ReadAsStringAsync());
        (await tooBig.Content.ReadAsStringAsync()).Should().Contain("5000 waveform samples").And.Contain("Export:MaxWaveformSamples");
    }

    private static ReadingBatch BloodPressure(long timeNs) => new()
    {
        DeviceId = "bp-exp",
        Seq = 1,
        SessionId = Session,
        SiteId = Site,
        DeviceTimeNs = timeNs,
        Observations =
        {
            new Contracts.V1.Observation { MdcCode = CodeCatalog.BpSystolic, Loinc = "8480-6", Value = 131, Unit = "mm[Hg]", TimeNs = timeNs },
            new Contracts.V1.Observation { MdcCode = CodeCatalog.BpDiastolic, Loinc = "8462-4", Value = 84, Unit = "mm[Hg]", TimeNs = timeNs },
        },
    };
}
