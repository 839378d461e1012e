using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Tests.Support;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Clinical;

/// <summary>
/// `telesante-sim point` as the cabin software of issue 11, against the real gateway and InfluxDB: the built simulator
/// run as a process, the demo directory entered by its own setup command, the results read back through the
/// gateway's API as the cardiologist and the reviewer would.
/// </summary>
public sealed class PointConsultationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int PatientSeed = 4242;

    [Fact]
    public async Task Point_with_clinical_tokens_opens_a_consultation_streams_under_it_files_the_ecg_request_and_closes_it_at_the_end()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        await SetUpAsync(gateway, demo);
        var consultation = "cons-" + demo.Station;

        await using var sim = SimProcess.Start(["point", .. SimProcess.GatewayOptions(gateway), "--site", demo.Site, "--station", demo.Station,
            "--consultation", consultation, "--operator-token", demo.PharmacistToken, "--requester-token", demo.PharmacistToken,
            "--admin-token", gateway.AdminToken, "--request", "4", "--seconds", "10", "--patient-seed", PatientSeed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var code = await sim.WaitForExitAsync(TimeSpan.FromSeconds(120));

        var output = sim.RecentOutput;
        code.Should().Be(0, output);
        var lines = sim.RecentOutputLines.Select(l => l[5..]).ToList();
        var opened = lines.FindIndex(l => l.StartsWith($"consultation {consultation} opened at station {demo.Station}", StringComparison.Ordinal));
        var filed = lines.FindIndex(l => l.StartsWith($"request {consultation}-request Submitted", StringComparison.Ordinal));
        var closed = lines.FindIndex(l => l == $"consultation {consultation} closed");
        opened.Should().BeGreaterThanOrEqualTo(0, output);
        filed.Should().BeGreaterThan(opened, "the request is filed in the open consultation");
        closed.Should().BeGreaterThan(filed, "the timed run closes the consultation at its end");
        lines.Should().Contain(l => l.Contains("test INS accepted", StringComparison.Ordinal), "the gateway kept the generated INS (its key is valid)");
        output.Should().NotContain(SyntheticPatient.Create(PatientSeed).Ins, "the INS is never printed");

        // The request waits in the cardiologist's worklist with the recorded ECG range attached.
        using var cardiologist = demo.ClientFor(gateway, demo.CardiologistToken);
        var worklist = await cardiologist.GetFromJsonAsync<JsonElement>("/api/clinical/worklist");
        var request = worklist.EnumerateArray().Single(r => r.GetProperty("id").GetString() == consultation + "-request");
        request.GetProperty("consultationId").GetString().Should().Be(consultation);
        request.GetProperty("state").GetString().Should().Be("Submitted");
        request.GetProperty("kind").GetString().Should().Be("EcgInterpretation");
        request.GetProperty("specialty").GetString().Should().Be("cardiology");
        var recording = request.GetProperty("attachments").GetProperty("recordings").EnumerateArray().Single();
        var ecgDevice = $"{demo.Site}-{demo.Station}-ecg12-1";
        recording.GetProperty("deviceId").GetString().Should().Be(ecgDevice, "the station's ECG recorder");
        var from = recording.GetProperty("from").GetDateTimeOffset();
        var to = recording.GetProperty("to").GetDateTimeOffset();
        (to - from).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4), "filed after 4 s of acknowledged ECG");

        // The readings are stored under the consultation's id: the ECG of the attached range, and the vitals.
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var fromNs = TestTimes.ToNs(from);
        var leads = await StoredRecording.WaveformsAsync(gateway, consultation, fromNs, TestTimes.ToNs(to));
        leads.Should().HaveCount(12);
        leads.Values.Should().OnlyContain(l => l.Samples.Count >= 4 * 500, "the attached range holds at least 4 s of 500 Hz ECG");
        (await StoredRecording.ObservationsAsync(gateway, consultation)).Should().Contain(o => o.GetProperty("deviceId").GetString() == $"{demo.Site}-{demo.Station}-vitals-1");

        // Closed: the workflow refuses another request in it.
        using var pharmacist = demo.ClientFor(gateway, demo.PharmacistToken);
        using var late = await pharmacist.PostAsJsonAsync("/api/clinical/requests", new
        {
            id = consultation + "-late", consultationId = consultation, kind = "EcgInterpretation", specialty = "cardiology",
            question = "a second opinion", priority = "Routine", recordings = new[] { new { deviceId = ecgDevice, from, to } },
        });
        late.StatusCode.Should().Be(HttpStatusCode.Conflict, await late.Content.ReadAsStringAsync());
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("ConsultationClosed");

        (await StoredRecording.DeadLettersAsync(gateway, ecgDevice)).Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Point_stopped_by_sigterm_closes_its_consultation_before_it_exits()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        await SetUpAsync(gateway, demo);
        var consultation = "cons-" + demo.Station;

        // No --seconds: it streams until stopped, as in run.sh.
        await using var sim = SimProcess.Start(["point", .. SimProcess.GatewayOptions(gateway), "--site", demo.Site, "--station", demo.Station,
            "--consultation", consultation, "--operator-token", demo.PharmacistToken]);
        await sim.WaitForOutputAsync($"consultation {consultation} opened", TimeSpan.FromSeconds(60));
        await sim.WaitForOutputAsync(l => l.StartsWith("3 devices: sent", StringComparison.Ordinal) && !l.Contains("acked 0 ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        sim.Terminate();
        var code = await sim.WaitForExitAsync(TimeSpan.FromSeconds(60));

        code.Should().Be(0, sim.RecentOutput);
        sim.RecentOutputLines.Should().Contain($"out: consultation {consultation} closed");
        // The station is free again: the next consultation opens there.
        using var pharmacist = demo.ClientFor(gateway, demo.PharmacistToken);
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new
        {
            id = consultation + "-next-consent", patientId = "sim-patient-1", informationGiven = "tele-expertise", specialties = new[] { "cardiology" },
            shareReportWithTreatingGp = false,
        })).EnsureSuccessStatusCode();
        using var next = await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new
        {
            id = consultation + "-next", stationId = demo.Station, patientId = "sim-patient-1", consentId = consultation + "-next-consent",
        });
        next.StatusCode.Should().Be(HttpStatusCode.Created, await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Point_refused_a_consultation_stops_with_the_gateways_problem_code_and_streams_nothing()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        await demo.RegisterSiteAndPharmacistAsync(gateway);
        var consultation = "cons-" + demo.Station;

        // The station was never registered (no setup, no --admin-token).
        await using var sim = SimProcess.Start(["point", .. SimProcess.GatewayOptions(gateway), "--site", demo.Site, "--station", demo.Station,
            "--consultation", consultation, "--operator-token", demo.PharmacistToken, "--patient-seed", "77"]);
        var code = await sim.WaitForExitAsync(TimeSpan.FromSeconds(60));

        code.Should().Be(1, sim.RecentOutput);
        sim.RecentOutputLines.Should().Contain(l => l.StartsWith($"err: clinical API refused: open consultation {consultation}: 404 NotFound: ", StringComparison.Ordinal)
            && l.Contains(demo.Station, StringComparison.Ordinal), sim.RecentOutput);
        sim.RecentOutputLines.Where(l => l.Contains(" devices: sent", StringComparison.Ordinal)).Should()
            .OnlyContain(l => l.StartsWith("out: 0 devices:", StringComparison.Ordinal), "no device starts before its consultation is open");
        (await StoredRecording.ObservationsAsync(gateway, consultation)).Should().BeEmpty();
    }

    [Fact]
    public async Task Every_generated_test_ins_is_accepted_by_the_gateway_and_a_wrong_key_is_refused_without_echoing_it()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        await demo.RegisterSiteAndPharmacistAsync(gateway);
        using var pharmacist = demo.ClientFor(gateway, demo.PharmacistToken);
        // Seeds of their own: an INS is recorded once per gateway, and the other tests' patients use seeds 1 and 4242.
        var patients = Enumerable.Range(100, 60).Select(seed => SyntheticPatient.Create(seed, $"p{seed}-{demo.Site}")).ToList();
        patients.Select(p => p.Ins.Substring(5, 2)).Should().Contain(["2A", "2B"], "Corsican départements are in the sample");
        patients.Select(p => p.Sex).Distinct().Should().HaveCount(2);

        foreach (var patient in patients)
        {
            patient.ToString().Should().NotContain(patient.Ins);
            using var response = await pharmacist.PostAsJsonAsync("/api/clinical/patients", Body(patient, patient.Id, patient.Ins));
            response.StatusCode.Should().Be(HttpStatusCode.Created, $"{patient}: {await response.Content.ReadAsStringAsync()}");
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            answer.GetProperty("hasIns").GetBoolean().Should().BeTrue();
            answer.GetProperty("status").GetString().Should().Be("Qualified");
        }

        var first = patients[0];
        var wrongKey = first.Ins[..13] + ((int.Parse(first.Ins[13..], System.Globalization.CultureInfo.InvariantCulture) % 97) + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        using var refused = await pharmacist.PostAsJsonAsync("/api/clinical/patients", Body(first, "wrong-key-" + demo.Site, wrongKey));
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadAsStringAsync();
        problem.Should().Contain("InvalidInput").And.NotContain(wrongKey[..13]);
    }

    private static object Body(SyntheticPatient patient, string id, string ins) => new
    {
        id, ins, insOid = TestIns.Oid, birthFamilyName = patient.BirthFamilyName, birthGivenNames = patient.BirthGivenNames,
        firstGivenName = patient.FirstGivenName, birthDate = patient.BirthDate, sex = patient.Sex, birthPlaceCode = patient.BirthPlaceCode,
        identityDocumentChecked = true,
    };

    private static async Task SetUpAsync(GatewayProcess gateway, ClinicalDemo demo)
    {
        await using var setup = SimProcess.Start(["setup", .. SimProcess.GatewayOptions(gateway), "--admin-token", gateway.AdminToken, "--site", demo.Site,
            "--station", demo.Station, "--practitioners", demo.PractitionersFile()]);
        var code = await setup.WaitForExitAsync(TimeSpan.FromSeconds(60));
        code.Should().Be(0, setup.RecentOutput);
        setup.RecentOutput.Should().Contain($"station {demo.Station} registered with {demo.Site}-{demo.Station}-ecg12-1, {demo.Site}-{demo.Station}-fundus-1, {demo.Site}-{demo.Station}-vitals-1");
    }
}
