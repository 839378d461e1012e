using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Clinical.Messages;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.FirmwareSim.Tests.Support;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Clinical;

/// <summary>The pharmacy-day scenario as a day of consultations at one cabin, against the real gateway: each session a
/// consultation opened before its devices stream and closed at its end, one at a time, requests filed after the ECG.</summary>
public sealed class ScenarioConsultationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static string PharmacyDay => Path.Combine(RepositoryPaths.Root, "firmware-sim", "scenarios", "pharmacy-day.json");

    [Fact]
    public async Task Pharmacy_day_with_clinical_tokens_opens_one_consultation_at_a_time_and_files_its_requests_after_the_ecg()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        var suffix = demo.Station[4..];
        var scenario = ScenarioFile.Load(PharmacyDay);
        // Same schedule and content, compressed so the test takes seconds, at a site of its own.
        scenario = scenario with
        {
            Site = demo.Site,
            Station = demo.Station,
            Grpc = $"http://127.0.0.1:{gateway.GrpcPort}",
            Mqtt = $"127.0.0.1:{gateway.MqttPort}",
            Http = gateway.Http.BaseAddress!.ToString(),
            Speed = 5000,
            Conditions = scenario.Conditions with { DuplicateProbability = 0 },
            Sessions = scenario.Sessions.Select(s => s with
            {
                Id = $"{s.Id[..9]}-{suffix}",
                DurationSeconds = 3,
                Patient = s.Patient! with { Seed = s.Patient.Seed + 7000 },
                Request = s.Request is null ? null : s.Request with { AfterEcgSeconds = s.Request.AfterEcgSeconds is null ? null : 1 },
                Devices = s.Devices.Select(d => d with { IntervalSeconds = d.Kind == "fundus" ? 0 : 1, ImageWidth = 320, ImageHeight = 240 }).ToList(),
            }).ToList(),
        };
        using var http = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var clinical = new ClinicalApiClient(http, new ClinicalTokens(gateway.AdminToken, demo.PharmacistToken, demo.PharmacistToken));
        (await clinical.EnsureSiteAsync(new SiteBody(demo.Site, demo.Site, "Pharmacy"), CancellationToken.None)).Should().BeTrue();
        await clinical.EnsurePractitionerAsync(new PractitionerBody(demo.Pharmacist, "ESSAI", "Paul", demo.PharmacistRpps, "pharmacist", null, ["site-operator", "requester"], [demo.Site]), CancellationToken.None);
        await clinical.EnsurePractitionerAsync(new PractitionerBody(demo.Cardiologist, "ESSAI", "Claire", demo.CardiologistRpps, "physician", "cardiology", ["specialist"], []), CancellationToken.None);

        var runner = new ScenarioRunner(scenario, clinical: clinical);
        await runner.RunAsync(CancellationToken.None);

        runner.Devices.Should().OnlyContain(d => d.Acked > 0 && d.Rejected == 0, LiveProgress.Summary(runner.Devices));
        runner.Devices.Select(d => d.Name).Should().OnlyContain(n => n.StartsWith($"{demo.Site}-{demo.Station}-", StringComparison.Ordinal), "the devices are the station's");
        var steps = runner.Notes.Where(n => n.StartsWith("consultation ", StringComparison.Ordinal)).ToList();
        steps.Should().HaveCount(2 * scenario.Sessions.Count);
        for (var i = 0; i < steps.Count; i += 2)
        {
            var id = steps[i].Split(' ')[1];
            steps[i].Should().StartWith($"consultation {id} opened at station {demo.Station}", "the cabin serves one patient at a time: {0}", string.Join(" | ", steps));
            steps[i + 1].Should().Be($"consultation {id} closed");
        }

        var requested = scenario.Sessions.Where(s => s.Request is not null).Select(s => s.Id).ToList();
        runner.Requests.Select(r => r.Id).Should().BeEquivalentTo(requested.Select(id => id + "-request"));
        var notes = runner.Notes.ToList();
        foreach (var id in requested)
        {
            // Filed while its consultation was open.
            notes.FindIndex(n => n.StartsWith($"request {id}-request Submitted", StringComparison.Ordinal)).Should()
                .BeGreaterThan(notes.FindIndex(n => n.StartsWith($"consultation {id} opened", StringComparison.Ordinal)))
                .And.BeLessThan(notes.IndexOf($"consultation {id} closed"));
        }

        using var cardiologist = demo.ClientFor(gateway, demo.CardiologistToken);
        var worklist = (await cardiologist.GetFromJsonAsync<JsonElement>("/api/clinical/worklist")).EnumerateArray()
            .Where(r => requested.Contains(r.GetProperty("consultationId").GetString()!)).ToList();
        worklist.Select(r => r.GetProperty("priority").GetString()).Should().Equal(["Urgent", "SemiUrgent", "Routine"], "the worklist orders by priority");
        worklist.Should().OnlyContain(r => r.GetProperty("attachments").GetProperty("recordings").GetArrayLength() == 1);

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        (await StoredRecording.ObservationsAsync(gateway, scenario.Sessions[1].Id)).Should().NotBeEmpty("the hypertension consultation's vitals are stored under its id");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public void The_shipped_pharmacy_day_gives_every_session_a_patient_and_its_ecg_sessions_a_request()
    {
        var scenario = ScenarioFile.Load(PharmacyDay);

        scenario.Station.Should().Be("cabine-1");
        scenario.Sessions.Should().OnlyContain(s => s.Patient != null);
        scenario.Sessions.Where(s => s.Request is not null).Select(s => (s.Id, s.Request!.Priority)).Should().Equal(
            ("cons-0900-palpitations", "SemiUrgent"), ("cons-1000-dyspnoea", "Routine"), ("cons-1030-holter-review", "Urgent"));
        ScenarioRunner.StationDeviceIds(scenario).Should().Equal(
            "pharma-lyon-03-cabine-1-ecg12-1", "pharma-lyon-03-cabine-1-fundus-1", "pharma-lyon-03-cabine-1-fundus-2",
            "pharma-lyon-03-cabine-1-vitals-1", "pharma-lyon-03-cabine-1-wfdb-1");
    }

    [Theory]
    [InlineData("\"priority\": \"SemiUrgent\"", "\"priority\": \"Asap\"", "sessions[0].request.priority: 'Asap' is not Urgent, SemiUrgent or Routine")]
    [InlineData("\"priority\": \"SemiUrgent\"", "\"priority\": \"SemiUrgent\", \"urgency\": 2", "$.sessions[0].request.urgency")]
    [InlineData("\"kind\": \"EcgInterpretation\", \"specialty\": \"cardiology\", \"priority\": \"SemiUrgent\"", "\"kind\": \"FundusGrading\", \"specialty\": \"cardiology\", \"priority\": \"SemiUrgent\"", "sessions[0].request.kind: 'FundusGrading' is not one of EcgInterpretation")]
    [InlineData("\"question\": \"Palpitations", "\"question\": \" \", \"x\": \"", "$.sessions[0].request.x")]
    [InlineData("\"afterEcgSeconds\": 30", "\"afterEcgSeconds\": 90", "sessions[2].request.afterEcgSeconds: must be positive and shorter than the session")]
    [InlineData("\"patient\": { \"seed\": 930 }", "\"patient\": { \"seed\": 930 }, \"request\": { \"question\": \"BP?\" }", "sessions[1].request: an ECG interpretation needs an ECG device")]
    [InlineData("\"patient\": { \"seed\": 1000 }", "\"patient\": { \"seed\": -1 }", "sessions[2].patient.seed: must not be negative")]
    [InlineData("\"patient\": { \"seed\": 1015 }", "\"patient\": { \"seed\": 1015, \"ins\": \"1\" }", "$.sessions[3].patient.ins")]
    [InlineData("\"station\": \"cabine-1\",", "", "station: sessions declare patients or requests: name the station")]
    [InlineData("\"id\": \"cons-0930-hypertension\"", "\"id\": \"cons 0930\"", "sessions[1].id: 'cons 0930' must be")]
    public void A_bad_patient_or_request_in_a_scenario_file_is_refused_with_its_field_path(string original, string replacement, string expected)
    {
        var text = File.ReadAllText(PharmacyDay);
        text.Should().Contain(original);
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, text.Replace(original, replacement, StringComparison.Ordinal));
        try
        {
            var load = () => ScenarioFile.Load(file);

            load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(file).And.Contain(expected);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_simulator_refuses_a_bad_scenario_file_before_anything_streams_and_names_the_field()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(PharmacyDay)).Replace("\"priority\": \"Urgent\"", "\"priority\": \"STAT\"", StringComparison.Ordinal));
        try
        {
            await using var sim = SimProcess.Start("scenario", file, "--grpc", "http://127.0.0.1:9", "--mqtt", "127.0.0.1:9", "--http", "http://127.0.0.1:9");
            var code = await sim.WaitForExitAsync(TimeSpan.FromSeconds(60));

            code.Should().Be(2, sim.RecentOutput);
            sim.RecentOutputLines.Should().ContainSingle(l => l.StartsWith("err: ", StringComparison.Ordinal)).Which
                .Should().Contain("sessions[4].request.priority: 'STAT' is not Urgent, SemiUrgent or Routine");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
