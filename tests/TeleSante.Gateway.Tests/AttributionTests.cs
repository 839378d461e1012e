using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 11: readings are attributed to the open consultation of their device's station (Attribution:Mode
/// Consultation, the product default), against the real gateway process and InfluxDB. Refusals are typed, kept as
/// dead letters and audited; nothing refused is stored.</summary>
public sealed class AttributionTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    // TestEcg's recorders send from this site; the station is there.
    private const string Site = "test-pharmacy";
    private const string TestIns = "279035121518989";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed record Clinic(GatewayProcess Gateway, HttpClient Operator) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Operator.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    /// <summary>A gateway in Consultation mode with site, station cabin-1 (devices ecg-1, cuff-1, cam-1), a site
    /// operator, and a consenting patient; no consultation open yet.</summary>
    private async Task<Clinic> StartClinicAsync(Dictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? []) { ["Attribution:Mode"] = "Consultation" };
        var gateway = await GatewayProcess.StartAsync(influx.Url, all);
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = "Pharmacie des Tests", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-1", siteId = Site, name = "Cabine 1", kind = "Cabin", deviceIds = new[] { "ecg-1", "cuff-1", "cam-1" } }))
            .EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id = "pharm-1", familyName = "Nom", givenName = "Prénom", rpps = "10000000017", profession = "pharmacist", roles = new[] { "site-operator" }, siteIds = new[] { Site },
        })).EnsureSuccessStatusCode();
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharm-1", "site-operator", Site));
        (await client.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-1", ins = TestIns, insOid = "1.2.250.1.213.1.4.10", birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE", firstGivenName = "DOMINIQUE",
            birthDate = "1979-03-28", sex = "Female", birthPlaceCode = "51215", identityDocumentChecked = true,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/api/clinical/consents", new
        {
            id = "consent-1", patientId = "pat-1", informationGiven = "ECG read remotely", specialties = new[] { "cardiology" }, shareReportWithTreatingGp = false,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        return new Clinic(gateway, client);
    }

    private static async Task OpenAsync(Clinic clinic, string consultation) =>
        (await clinic.Operator.PostAsJsonAsync("/api/clinical/consultations", new { id = consultation, stationId = "cabin-1", patientId = "pat-1", consentId = "consent-1" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);

    private static async Task CloseAsync(Clinic clinic, string consultation) =>
        (await clinic.Operator.PostAsync($"/api/clinical/consultations/{consultation}/close", null)).StatusCode.Should().Be(HttpStatusCode.OK);

    private static ReadingBatch Ecg(string device, string session, ulong seq) =>
        TestEcg.Batches(TestEcg.Recorder(device, session, TestEcg.NowNs() - 30_000_000_000 + ((long)seq * 500_000_000), leads: 1, firstSeq: seq), 1).Single();

    private static async Task<BatchResult> SendAsync(GatewayProcess gateway, ReadingBatch batch) => (await IngestStream.SendAllAsync(gateway.Grpc, [batch])).Single();

    private static string Vitals(ulong seq, string session, double systolic)
    {
        var t = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);
        return $$"""{"seq":{{seq}},"sessionId":"{{session}}","deviceTime":"{{t}}","observations":[{"mdc":150021,"value":{{systolic.ToString(CultureInfo.InvariantCulture)}},"unit":"mm[Hg]","time":"{{t}}"}]}""";
    }

    private const string CuffTopic = "telesante/v1/" + Site + "/cuff-1/vitals";

    [Fact]
    public async Task Readings_before_any_consultation_are_refused_over_grpc_and_mqtt_kept_as_dead_letters_and_not_stored()
    {
        await using var clinic = await StartClinicAsync();
        var gateway = clinic.Gateway;

        // gRPC: the station has no open consultation.
        var early = await SendAsync(gateway, Ecg("ecg-1", "visit-1", 1));
        early.Rejection.Should().NotBeNull();
        early.Rejection.Reason.Should().Be(RejectReason.NoOpenConsultation);
        early.Rejection.Retryable.Should().BeFalse();
        early.Rejection.Detail.Should().Contain("cabin-1").And.Contain("no open consultation");

        // MQTT 5 through mosquitto_pub: PUBACK NotAuthorized with the reason string.
        var v5 = await MosquittoClients.PublishAsync(gateway.MqttPort, CuffTopic, Vitals(1, "visit-1", 121), protocol: "mqttv5");
        v5.Should().Contain("RC:135").And.Contain("no open consultation");

        // MQTT 3.1.1: acknowledged at the MQTT level (no negative PUBACK), the refusal notice on the result topic.
        await using (var results = await MosquittoClients.SubscribeAsync(gateway.MqttPort, "telesante/v1/" + Site + "/cuff-1/result"))
        {
            await MosquittoClients.PublishAsync(gateway.MqttPort, CuffTopic, Vitals(2, "visit-1", 122));
            var notice = await results.WaitForOutputAsync("\"seq\":2", Timeout);
            notice.Should().Contain("\"reason\":\"NoOpenConsultation\"").And.Contain("\"retryable\":false");
        }

        // Kept as dead letters with their seqs; audited under the device.
        var letters = await StoredRecording.DeadLettersAsync(gateway);
        letters.Select(l => (l.GetProperty("deviceId").GetString(), l.GetProperty("seq").UInt64(), l.GetProperty("reason").GetString())).Should().BeEquivalentTo(
            [("ecg-1", 1UL, "NoOpenConsultation"), ("cuff-1", 1UL, "NoOpenConsultation"), ("cuff-1", 2UL, "NoOpenConsultation")]);
        var audit = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000&actor=ecg-1")).EnumerateArray().ToList();
        audit.Should().ContainSingle(e => e.GetProperty("action").GetString() == "batch.submit" && e.GetProperty("resource").GetString() == "session/visit-1"
            && e.GetProperty("outcome").GetString() == "denied");

        // The consultation opens: new batches are accepted and stored under it.
        await OpenAsync(clinic, "visit-1");
        (await SendAsync(gateway, Ecg("ecg-1", "visit-1", 2))).Ack.Should().NotBeNull();
        (await MosquittoClients.PublishAsync(gateway.MqttPort, CuffTopic, Vitals(3, "visit-1", 123), protocol: "mqttv5")).Should().Contain("RC:0");

        await gateway.WaitForForwardingAsync(Timeout);
        var observations = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "visit-1"), o => o.Count >= 1, Timeout);
        observations.Select(o => (o.GetProperty("deviceId").GetString(), o.GetProperty("seq").UInt64(), o.GetProperty("value").GetDouble()))
            .Should().Equal([("cuff-1", 3UL, 123.0)], "the refused readings (121, 122) were never stored");
        var waveforms = await StoredRecording.WaveformsAsync(gateway, "visit-1", TestEcg.NowNs() - 120_000_000_000, TestEcg.NowNs());
        waveforms.Values.Single().Segments.Should().Be(1, "only seq 2: the refused seq 1 was not stored");
        gateway.ErrorLines().Should().BeEmpty();
        gateway.RecentOutput.Should().NotContain(TestIns);
    }

    [Fact]
    public async Task Another_session_is_refused_a_closed_consultation_refuses_new_batches_and_a_resend_keeps_its_original_ack()
    {
        await using var clinic = await StartClinicAsync();
        var gateway = clinic.Gateway;
        await OpenAsync(clinic, "visit-1");
        (await SendAsync(gateway, Ecg("ecg-1", "visit-1", 1))).Ack.Duplicate.Should().BeFalse();

        // A device naming another session (left over from the previous patient, or guessed): refused, and the
        // answer names neither the open consultation nor the patient.
        var other = await SendAsync(gateway, Ecg("ecg-1", "visit-0", 2));
        other.Rejection.Reason.Should().Be(RejectReason.NotTheOpenConsultation);
        other.Rejection.Retryable.Should().BeFalse();
        other.Rejection.Detail.Should().Contain("visit-0").And.NotContain("visit-1").And.NotContain("pat-1");
        (await MosquittoClients.PublishAsync(gateway.MqttPort, CuffTopic, Vitals(1, "visit-0", 120), protocol: "mqttv5")).Should().Contain("RC:135");

        await CloseAsync(clinic, "visit-1");
        var late = await SendAsync(gateway, Ecg("ecg-1", "visit-1", 3));
        late.Rejection.Reason.Should().Be(RejectReason.NoOpenConsultation);

        // The device did not get the first answer and resends seq 1 after the close: it was stored, so it gets its ack.
        var resend = await SendAsync(gateway, Ecg("ecg-1", "visit-1", 1));
        resend.Ack.Should().NotBeNull("a batch acknowledged while the consultation was open stays acknowledged");
        resend.Ack.Duplicate.Should().BeTrue();

        (await StoredRecording.DeadLettersAsync(gateway)).Select(l => (l.GetProperty("seq").UInt64(), l.GetProperty("reason").GetString())).Should().BeEquivalentTo(
            [(2UL, "NotTheOpenConsultation"), (1UL, "NotTheOpenConsultation"), (3UL, "NoOpenConsultation")]);
        await gateway.WaitForForwardingAsync(Timeout);
        (await StoredRecording.WaveformsAsync(gateway, "visit-1", TestEcg.NowNs() - 120_000_000_000, TestEcg.NowNs())).Values.Single().Segments.Should().Be(1);
        (await StoredRecording.WaveformsAsync(gateway, "visit-0", TestEcg.NowNs() - 120_000_000_000, TestEcg.NowNs())).Should().BeEmpty();
        (await StoredRecording.ObservationsAsync(gateway, "visit-0")).Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_device_at_no_station_is_refused_and_the_open_consultations_survive_a_restart()
    {
        await using var clinic = await StartClinicAsync();
        var gateway = clinic.Gateway;
        await OpenAsync(clinic, "visit-1");

        var stray = await SendAsync(gateway, Ecg("ecg-stray", "visit-1", 1));
        stray.Rejection.Reason.Should().Be(RejectReason.NoOpenConsultation);
        stray.Rejection.Detail.Should().Contain("belongs to no station");

        // Loaded from the clinical store at start-up (SIGKILL: nothing saved on the way out).
        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        (await SendAsync(gateway, Ecg("ecg-1", "visit-1", 1))).Ack.Should().NotBeNull("the open consultation was loaded from the store");
        (await SendAsync(gateway, Ecg("ecg-stray", "visit-1", 2))).Rejection.Reason.Should().Be(RejectReason.NoOpenConsultation);

        await CloseAsync(clinic, "visit-1");
        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        (await SendAsync(gateway, Ecg("ecg-1", "visit-1", 2))).Rejection.Reason.Should().Be(RejectReason.NoOpenConsultation, "the close was loaded too");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_photograph_before_the_consultation_is_refused_and_kept_as_a_dead_letter()
    {
        await using var clinic = await StartClinicAsync();
        var gateway = clinic.Gateway;
        var png = new FundusCamera(new FundusCameraOptions { DeviceId = "cam-1", SiteId = Site, Width = 160, Height = 120, Seed = 1 }).Capture(Laterality.OD).EncodePng();
        var capturedAt = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture));
        HttpRequestMessage Put(string capture) => new(HttpMethod.Put, $"/api/devices/cam-1/images/{capture}?session=visit-1&site={Site}&laterality=OD&field=macula&capturedAt={capturedAt}")
        {
            Content = new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } },
        };

        using var refused = await gateway.Http.SendAsync(Put("cap-1"));
        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, body);
        JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString().Should().Be("NoOpenConsultation");
        (await StoredRecording.DeadLettersAsync(gateway, "cam-1")).Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Be("NoOpenConsultation");

        await OpenAsync(clinic, "visit-1");
        using (var stored = await gateway.Http.SendAsync(Put("cap-1")))
        {
            stored.StatusCode.Should().Be(HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        }

        // Closed: a new capture is refused, the resend of the stored one still gets its 200.
        await CloseAsync(clinic, "visit-1");
        using (var late = await gateway.Http.SendAsync(Put("cap-2")))
        {
            late.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var resend = await gateway.Http.SendAsync(Put("cap-1")))
        {
            resend.StatusCode.Should().Be(HttpStatusCode.OK, await resend.Content.ReadAsStringAsync());
        }

        await gateway.AssignAsync("visit-1");
        (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/visit-1/images")).GetProperty("images").GetArrayLength().Should().Be(1);
        gateway.ErrorLines().Should().BeEmpty();
    }
}
