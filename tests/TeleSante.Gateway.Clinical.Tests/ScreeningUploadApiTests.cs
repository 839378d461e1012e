using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>Issue 13, the camera's side of a screening visit against the gateway process with the committed quality gate, on
/// each clinical store (<see cref="SqliteScreeningUploadApiTests"/>, <see cref="PostgresScreeningUploadApiTests"/>): concurrent
/// retakes of one field, photographs sent before the visit is registered or into a consultation that is no visit, and the
/// operator page's thumbnails.</summary>
public abstract class ScreeningUploadApiTests(InfluxFixture influx)
{
    protected const string Site = "pharma-up";
    protected const string Camera = "fundus-up-1";
    private static readonly (Laterality Eye, FundusField Field, string Declared)[] Protocol =
        [(Laterality.OD, FundusField.MaculaCentred, "macula"), (Laterality.OD, FundusField.DiscCentred, "disc"), (Laterality.OS, FundusField.MaculaCentred, "macula"),
            (Laterality.OS, FundusField.DiscCentred, "disc")];

    private static int _captures;

    /// <summary>The gateway settings that select this class's clinical store (a fresh database per call).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected sealed record Clinic(GatewayProcess Gateway, HttpClient Pharmacist) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Pharmacist.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    /// <summary>A gateway with a campaign, an enrolled consenting patient and an open consultation <paramref name="consultation"/>
    /// at the camera's station (not registered as a visit).</summary>
    protected async Task<Clinic> StartAsync(string consultation)
    {
        var gateway = await GatewayProcess.StartAsync(influx.Url, await StoreSettingsAsync());
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = "Pharmacie du Lac", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-up", siteId = Site, name = "Cabine", kind = "Cabin", deviceIds = new[] { Camera } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-up", "10000000017", "pharmacist", null, ["site-operator", "requester"], [Site]);
        await AddPractitionerAsync(gateway, "admin-up", "10000000058", "administrator", null, ["administrator"], []);
        var pharmacist = await ClientAsync(gateway, "pharm-up", "site-operator,requester", Site);
        using var admin = await ClientAsync(gateway, "admin-up", "administrator");
        (await admin.PostAsJsonAsync("/api/screening/campaigns", new { id = "dr-up", name = "Dépistage RD", siteIds = new[] { Site }, startsOn = "2026-01-01", endsOn = "2027-12-31" }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-up", birthFamilyName = "MARTIN", birthGivenNames = "JEAN", firstGivenName = "JEAN", birthDate = "1958-06-01", sex = "Male", birthPlaceCode = "46042",
            identityDocumentChecked = true,
        })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/screening/campaigns/dr-up/enrolments", new { patientId = "pat-up", siteId = Site, consecutiveNoRetinopathy = 0 })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-up", patientId = "pat-up", informationGiven = "Fundus photographs graded remotely", specialties = new[] { "ophthalmology" } }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = consultation, stationId = "cabin-up", patientId = "pat-up", consentId = "cons-up" })).EnsureSuccessStatusCode();
        return new Clinic(gateway, pharmacist);
    }

    protected static async Task RegisterAsync(Clinic clinic, string consultation, Action<JsonElement>? check = null)
    {
        var response = await clinic.Pharmacist.PostAsJsonAsync("/api/screening/visits", new { consultationId = consultation, campaignId = "dr-up" });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        check?.Invoke(JsonDocument.Parse(body).RootElement);
    }

    protected static HttpRequestMessage Upload(string session, Laterality eye, FundusField field, string declared, FundusDefectKind defect = FundusDefectKind.None, double severity = 0)
    {
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = Camera, SiteId = Site, Width = 640, Height = 480, Seed = 31 });
        var file = camera.Capture(new FundusCaptureRequest { Laterality = eye, Field = field, Defects = FundusDefectScale.Of(defect, severity, 640, 480), EyeSeed = 777 })
            .Encode(FundusFileFormat.Jpeg);
        var id = "up-" + Interlocked.Increment(ref _captures).ToString(CultureInfo.InvariantCulture);
        var at = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-2).ToString("O", CultureInfo.InvariantCulture));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{Camera}/images/{id}?session={session}&site={Site}&laterality={eye}&field={declared}&capturedAt={at}")
        {
            Content = new ByteArrayContent(file.Content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        return request;
    }

    protected static async Task<JsonElement> SendAsync(Clinic clinic, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await clinic.Gateway.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.Created, body);
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    protected static async Task<List<(string? Actor, string? Action, string? Outcome, string? Detail)>> AuditAsync(Clinic clinic) =>
        [.. (await clinic.Gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=5000")).EnumerateArray()
            .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString(),
                e.TryGetProperty("detail", out var d) ? d.GetString() : null))];

    [Fact]
    public async Task Concurrent_retakes_of_one_field_leave_exactly_one_current_capture_keep_and_audit_every_one_and_never_answer_500()
    {
        const string visit = "visit-race";
        await using var clinic = await StartAsync(visit);
        await RegisterAsync(clinic, visit);

        // Rounds of two uploads of each eye and field at the same time: eight requests in flight at once, two per field.
        const int rounds = 3;
        var uploaded = new ConcurrentDictionary<(string Eye, string Field), ConcurrentBag<long>>();
        for (var round = 0; round < rounds; round++)
        {
            var requests = Protocol.SelectMany(p => new[] { (p, Upload(visit, p.Eye, p.Field, p.Declared)), (p, Upload(visit, p.Eye, p.Field, p.Declared)) }).ToList();
            var answers = await Task.WhenAll(requests.Select(async r => (r.p, Answer: await SendAsync(clinic, r.Item2))));
            foreach (var (p, answer) in answers)
            {
                var screening = answer.GetProperty("screening");
                screening.GetProperty("recorded").GetBoolean().Should().BeTrue(answer.ToString());
                uploaded.GetOrAdd((p.Eye.ToString(), p.Field == FundusField.MaculaCentred ? "MaculaCentred" : "DiscCentred"), _ => []).Add(answer.GetProperty("imageId").GetInt64());
            }
        }

        var fields = (await JsonAsync(await clinic.Pharmacist.GetAsync($"/api/screening/visits/{visit}/fields"))).GetProperty("fields").EnumerateArray().ToList();
        fields.Should().HaveCount(4);
        foreach (var f in fields)
        {
            var key = (f.GetProperty("eye").GetString()!, f.GetProperty("field").GetString()!);
            var current = f.GetProperty("current").GetProperty("imageId").GetInt64();
            var earlier = f.GetProperty("earlier").EnumerateArray().ToList();
            earlier.Select(e => e.GetProperty("imageId").GetInt64()).Append(current).Should().BeEquivalentTo(uploaded[key], "every capture of {0} is kept, one of them current", key);
            earlier.Should().OnlyContain(e => e.GetProperty("supersededBy").ValueKind == JsonValueKind.Number, "only the current capture is not superseded");
            // The captures form one chain of retakes: each superseded by exactly one other, the last is the current one.
            earlier.Select(e => e.GetProperty("supersededBy").GetInt64()).Should().OnlyHaveUniqueItems().And.Contain(current);
        }

        var audit = await AuditAsync(clinic);
        audit.Count(e => e.Action == "screening.retake" && e.Outcome == "allowed").Should().Be(4 * ((2 * rounds) - 1), "each retake is audited once");
        audit.Count(e => e.Action == "image.upload" && e.Outcome == "allowed").Should().Be(4 * 2 * rounds);
    }

    [Fact]
    public async Task A_photograph_sent_before_the_visit_is_registered_is_answered_so_and_becomes_the_visits_capture_when_it_is_registered()
    {
        const string visit = "visit-early";
        await using var clinic = await StartAsync(visit);

        var blurred = await SendAsync(clinic, Upload(visit, Laterality.OD, FundusField.MaculaCentred, "macula", FundusDefectKind.OutOfFocus, 0.8));
        var screening = blurred.GetProperty("screening");
        screening.GetProperty("recorded").GetBoolean().Should().BeFalse();
        screening.GetProperty("reason").GetString().Should().Be("NotAScreeningVisit");
        screening.GetProperty("detail").GetString().Should().Contain("is not a screening visit").And.Contain("POST /api/screening/visits");
        blurred.GetProperty("quality").GetProperty("gradable").GetBoolean().Should().BeFalse("the gate still answers at once");
        var sharp = await SendAsync(clinic, Upload(visit, Laterality.OD, FundusField.MaculaCentred, "macula"));
        var disc = await SendAsync(clinic, Upload(visit, Laterality.OS, FundusField.DiscCentred, "disc"));
        var other = await SendAsync(clinic, Upload(visit, Laterality.OS, FundusField.DiscCentred, "other"));
        other.GetProperty("screening").ValueKind.Should().Be(JsonValueKind.Null, "a photograph of no protocol field is only stored");

        await RegisterAsync(clinic, visit, registered => registered.GetProperty("adoptedImageIds").EnumerateArray().Select(i => i.GetInt64())
            .Should().Equal(blurred.GetProperty("imageId").GetInt64(), sharp.GetProperty("imageId").GetInt64(), disc.GetProperty("imageId").GetInt64()));

        var fields = (await JsonAsync(await clinic.Pharmacist.GetAsync($"/api/screening/visits/{visit}/fields"))).GetProperty("fields").EnumerateArray().ToList();
        fields.Select(f => f.GetProperty("state").GetString()).Should().Equal("Gradable", "Missing", "Missing", "Gradable");
        fields[0].GetProperty("current").GetProperty("imageId").GetInt64().Should().Be(sharp.GetProperty("imageId").GetInt64());
        fields[0].GetProperty("retakeAfter").EnumerateArray().Select(r => r.GetString()).Should().Equal("out of focus");
        fields[0].GetProperty("earlier").EnumerateArray().Single().GetProperty("imageId").GetInt64().Should().Be(blurred.GetProperty("imageId").GetInt64());

        var audit = await AuditAsync(clinic);
        audit.Should().Contain(e => e.Action == "screening.capture" && e.Outcome == "denied" && e.Detail!.Contains("is not a screening visit", StringComparison.Ordinal));
        audit.Count(e => e.Action == "screening.capture" && e.Outcome == "allowed" && e.Detail!.Contains("adopted", StringComparison.Ordinal)).Should().Be(3);
    }

    [Fact]
    public async Task A_photograph_of_a_consultation_that_is_no_screening_visit_is_stored_and_answered_as_such()
    {
        await using var clinic = await StartAsync("consult-ecg");
        var answer = await SendAsync(clinic, Upload("consult-ecg", Laterality.OS, FundusField.MaculaCentred, "macula"));
        answer.GetProperty("imageId").GetInt64().Should().BePositive("the photograph is kept for the consultation (a tele-expertise request may attach it)");
        answer.GetProperty("screening").GetProperty("recorded").GetBoolean().Should().BeFalse();
        answer.GetProperty("screening").GetProperty("visitId").ValueKind.Should().Be(JsonValueKind.Null);
        answer.GetProperty("screening").GetProperty("reason").GetString().Should().Be("NotAScreeningVisit");
        var fields = await clinic.Pharmacist.GetAsync("/api/screening/visits/consult-ecg/fields");
        fields.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
