using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TeleSante.FirmwareSim.Serial;
using TeleSante.StationAgent.Internal;
using TeleSante.StationAgent.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests;

/// <summary>Issue 11 over a serial line: serial device → socat pty pair → station agent (its station credential) →
/// gateway in Attribution:Mode Consultation → InfluxDB. Readings of a station with no open consultation are refused
/// for good: the agent keeps them as refused batches and goes on; the gateway keeps them as dead letters.</summary>
[Collection(AgentIntegrationCollection.Name)]
public sealed class SerialAttributionTests(InfluxFixture influx)
{
    private const string Site = "pharma-test-01";
    private const string Device = "serial-monitor-c";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serial_readings_of_a_station_with_no_open_consultation_are_refused_kept_by_agent_and_gateway_and_later_ones_flow_once_it_opens()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx, new Dictionary<string, string>
        {
            ["Attribution:Mode"] = "Consultation",
            ["Security:DeviceAuthentication"] = "true",
        });
        var token = await gateway.RegisterDeviceAsync("station-" + Site, "station", Site);
        using var pharmacist = await PrepareStationAsync(gateway);
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, Device, gateway.GrpcPort, "visit-s",
            new Dictionary<string, string?> { ["Gateway:StationId"] = "station-" + Site, ["Gateway:Token"] = token });
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
        });

        var early = new List<WrittenSentence>();
        for (var i = 0; i < 3; i++)
        {
            early.Add(await device.WriteNextAsync(CancellationToken.None));
        }

        // A permanent refusal of each batch: kept in the agent's refused-batch file, not resent, not blocking.
        await agent.WaitUntilAsync(s => s.RefusedByGateway == 3 && s.OutboxPending == 0, Timeout, "three readings refused by the gateway");
        agent.Status.Acked.Should().Be(0);
        agent.Status.RetryableRefusals.Should().Be(0);
        var refused = RejectedBatchStore.ReadAll(agent.OutboxDirectory);
        refused.Should().HaveCount(3).And.OnlyContain(l => l.Contains("\"reason\":\"NoOpenConsultation\"", StringComparison.Ordinal));
        var letters = await StoredRecording.DeadLettersAsync(gateway, Device);
        letters.Select(l => (l.GetProperty("seq").UInt64(), l.GetProperty("reason").GetString())).Should().BeEquivalentTo(early.Select(w => (w.Seq, (string?)"NoOpenConsultation")));

        // The site operator opens the consultation the agent streams under: the next readings are accepted.
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-s", stationId = "cabin-s", patientId = "pat-s", consentId = "consent-s" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var later = new List<WrittenSentence>();
        for (var i = 0; i < 2; i++)
        {
            later.Add(await device.WriteNextAsync(CancellationToken.None));
        }

        await agent.WaitUntilAsync(s => s.Acked == 2 && s.OutboxPending == 0, Timeout, "the two readings after the opening acknowledged");
        await gateway.WaitForForwardingAsync(Timeout);
        var expected = Readings.Expected(later, Device);
        (await Readings.StoredEventuallyAsync(gateway, "visit-s", expected.Count, Timeout)).Should().BeEquivalentTo(expected, "only what came after the opening is stored");
        agent.Status.RefusedByGateway.Should().Be(3);
        agent.UnexpectedErrors().Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }

    /// <summary>Site, station cabin-s owning the serial device, a site operator, a patient and their consent (no INS).</summary>
    private static async Task<HttpClient> PrepareStationAsync(GatewayProcess gateway)
    {
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = "Pharmacie", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-s", siteId = Site, name = "Cabine", kind = "Cabin", deviceIds = new[] { Device } }))
            .EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id = "pharm-s", familyName = "Nom", givenName = "Prénom", rpps = "10000000017", profession = "pharmacist", roles = new[] { "site-operator" }, siteIds = new[] { Site },
        })).EnsureSuccessStatusCode();
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharm-s", "site-operator", Site));
        (await client.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-s", birthFamilyName = "PAT-UN", birthGivenNames = "CAMILLE", firstGivenName = "CAMILLE", birthDate = "1960-01-01", sex = "Male",
            birthPlaceCode = "69123", identityDocumentChecked = false,
        })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/clinical/consents", new
        {
            id = "consent-s", patientId = "pat-s", informationGiven = "vitals read remotely", specialties = new[] { "cardiology" }, shareReportWithTreatingGp = false,
        })).EnsureSuccessStatusCode();
        return client;
    }
}
