using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Issue 11's clinical pages in Debian's chromium (playwright-core) against the real gateway process: the site
/// operator's page, the specialist's live worklist, the reading page and the requester's printable view. The ECG
/// is MIT-BIH record 100 streamed over gRPC under the consultation's session id; what the pages draw is read back
/// pixel by pixel (25 mm/s, 10 mm/mV at 96 CSS px per inch, as the viewer's tests do). Screenshots and the
/// printed PDF go to artifacts/ (clinical-*).
/// </summary>
public sealed class ClinicalBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Site = "pharma-test-01";
    private const string Station = "cabin-1";
    private const string EcgDeviceId = "ecg-cabin-1";
    private const string VitalsDeviceId = "vitals-cabin-1";
    private const string TestIns = "279035121518989"; // test-range NIR with its key (README, Patients)
    private const string NirTestOid = "1.2.250.1.213.1.4.10";
    private const int EcgBatches = 80; // 20 s of record 100 in 0.25 s chunks
    private const string BadIns = "279035121518988"; // the same with a wrong key
    private const string DeclineReason = "Chest pain now: call 15, this cannot wait for a tele-expertise";
    private const string Question = "Palpitations since this morning: rhythm? Anything that needs a cardiologist soon?";
    private static readonly double PxPerMm = 96 / 25.4; // CSS reference pixel: 1/96 inch

    [Fact]
    public async Task An_ecg_request_goes_from_the_point_to_the_cardiologist_live_is_read_signed_and_printed_on_a4_at_true_scale()
    {
        CheckSetUp();
        await using var clinic = await StartClinicAsync();
        var recorder = default(WfdbReplayRecorder);
        var sent = new List<ReadingBatch>();
        var vitalsTimes = new List<long>();
        var resultFile = Path.Combine(Repository.Artifacts, "clinical-scenario.json");
        File.Delete(resultFile);
        var startNs = Ns.NowWholeMs() - 30_000_000_000;

        await using (var scenario = await InteractiveNodeScript.StartAsync("tests/TeleSante.LiveView.Tests/Browser/clinical-scenario.cjs", new
        {
            @base = clinic.Gateway.Http.BaseAddress!.ToString(),
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            resultFile,
            station = Station,
            tokens = new { @operator = clinic.OperatorToken, cardiologist = clinic.CardiologistToken, colleague = clinic.ColleagueToken },
            patient = new
            {
                birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE", firstGivenName = "DOMINIQUE", birthDate = "1979-03-28", sex = "Female",
                birthPlaceCode = "51215", insOid = NirTestOid, ins = TestIns, badIns = BadIns,
            },
            question = Question,
            context = "58 y, no known cardiac history; BP 142/88 at the pharmacy",
            findings = new
            {
                rhythm = "Sinus rhythm", rateBpm = 72, prMs = 160, qrsMs = 90, qtMs = 380, qtcMs = 410, axisDegrees = 45,
                conclusion = "Normal ECG at 72/min", followUp = "Routine", freeText = "No sign of ischaemia on this lead.",
            },
            amendment = new { conclusion = "Normal ECG at 72/min; isolated PVC", reason = "an isolated PVC at 14 s was missed" },
        }))
        {
            while (await scenario.NextRequestAsync(TimeSpan.FromSeconds(120)) is { } ask)
            {
                var consultation = ask.GetProperty("consultation").GetString()!;
                switch (ask.GetProperty("await").GetString())
                {
                    case "first-batch":
                        // The station's recorder starts: its first batch makes the consultation's session known.
                        recorder = new WfdbReplayRecorder(new WfdbReplayRecorderOptions
                        {
                            DeviceId = EcgDeviceId, SiteId = Site, SessionId = consultation, StartTimeNs = startNs,
                            HeaderPath = Path.Combine(Repository.Root, "data", "ecg", "100.hea"),
                        });
                        await SendAcknowledgedAsync(clinic.Gateway, sent, [recorder.NextBatch()!]);
                        await scenario.AnswerAsync(new { });
                        break;
                    case "rest":
                        for (var i = 1; i < EcgBatches; i += 40)
                        {
                            await SendAcknowledgedAsync(clinic.Gateway, sent, Enumerable.Range(0, Math.Min(40, EcgBatches - i)).Select(_ => recorder!.NextBatch()!).ToList());
                        }

                        // The cuff and oximeter measure twice during the recording.
                        await using (var vitals = new Infrastructure.VitalsDevice(clinic.Gateway.Grpc, VitalsDeviceId, consultation))
                        {
                            foreach (var (offsetS, sys, dia, spo2) in new[] { (5, 142, 88, 97), (15, 138, 86, 96) })
                            {
                                var at = startNs + (offsetS * 1_000_000_000L);
                                vitalsTimes.Add(at);
                                await vitals.SendAsync(at, (CodeCatalog.BpSystolic, sys, "mm[Hg]"), (CodeCatalog.BpDiastolic, dia, "mm[Hg]"), (CodeCatalog.SpO2, spo2, "%"));
                            }
                        }

                        var end = sent[^1].Waveforms[0];
                        await scenario.AnswerAsync(new
                        {
                            ecgDevice = EcgDeviceId, vitalsDevice = VitalsDeviceId, ecgFromMs = startNs / 1_000_000,
                            ecgToMs = (end.StartTimeNs / 1_000_000) + (end.Channels[0].Samples.Count * 1000.0 / end.SampleRateHz),
                            vitalsToMs = vitalsTimes[^1] / 1_000_000.0,
                        });
                        break;
                }
            }

            var (code, text) = await scenario.WaitForExitAsync(TimeSpan.FromSeconds(180));
            output.WriteLine(text);
            code.Should().Be(0, "the browser scenario failed: " + text);
        }

        recorder?.Dispose();
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
        var root = result.RootElement;
        root.GetProperty("pageErrors").GetArrayLength().Should().Be(0, root.GetProperty("pageErrors").ToString());

        // The operator's page: a mistyped INS key refused without echoing it, then the devices streaming.
        root.GetProperty("badIns").GetString().Should().Contain("InvalidInput").And.Contain("INS").And.NotContain(BadIns);
        root.GetProperty("patient").GetString().Should().Contain("with INS");
        var rows = root.GetProperty("deviceRows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        rows.Should().Contain(r => r[0] == EcgDeviceId && r[1].StartsWith("ECG", StringComparison.Ordinal) && r[1].Contains("(20 s)", StringComparison.Ordinal));
        var vitalsRow = rows.Single(r => r[0] == VitalsDeviceId);
        var newest = DateTimeOffset.FromUnixTimeMilliseconds(vitalsTimes[^1] / 1_000_000).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        vitalsRow[2].Should().Contain("138").And.Contain("86").And.Contain("96").And.NotContain("142", "a tile shows one measurement, the newest")
            .And.EndWith("measured " + newest);

        // The request carries the whole recorded range.
        var request = root.GetProperty("request");
        var range = request.GetProperty("attachments").GetProperty("recordings")[0];
        range.GetProperty("deviceId").GetString().Should().Be(EcgDeviceId);
        range.GetProperty("from").GetDateTimeOffset().ToUnixTimeMilliseconds().Should().Be(startNs / 1_000_000);
        (range.GetProperty("to").GetDateTimeOffset() - range.GetProperty("from").GetDateTimeOffset()).TotalSeconds.Should().BeApproximately(20, 0.01);
        request.GetProperty("state").GetString().Should().Be("Submitted");
        var requestId = request.GetProperty("id").GetString()!;

        // Live: arrived in the worklist without a reload; the colleague's list dropped it when it was accepted.
        var arrived = root.GetProperty("worklistArrived");
        arrived.GetProperty("notReloaded").GetBoolean().Should().BeTrue("the worklist updated without a reload");
        arrived.GetProperty("changes").GetInt32().Should().BeGreaterThan(0, "the item came as a WorklistChanged message");
        root.GetProperty("worklistBefore").GetArrayLength().Should().Be(0);
        arrived.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == requestId).GetProperty("text").GetString().Should().Contain("Urgent");
        root.GetProperty("colleagueAfterAccept").GetProperty("items").GetArrayLength().Should().Be(0);
        root.GetProperty("colleagueAfterAccept").GetProperty("notReloaded").GetBoolean().Should().BeTrue();

        // Reading: the attached ECG drawn to scale, the vitals with their times, the patient without the INS.
        var reading = root.GetProperty("reading");
        reading.GetProperty("question").GetString().Should().Be(Question);
        reading.GetProperty("patient").GetProperty("name").GetString().Should().Be("PAT-TROIS DOMINIQUE");
        reading.GetProperty("patient").GetProperty("birth").GetString().Should().Be("28/03/1979");
        reading.GetProperty("patient").GetProperty("sex").GetString().Should().Be("Female");
        reading.GetProperty("text").GetString().Should().NotContain(TestIns, "the INS is never shown to the reader");
        var vitalRows = reading.GetProperty("vitals").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        vitalRows.Should().HaveCount(6, "two measurements of three values each, one row per value");
        vitalRows.Should().Contain(r => r[1] == "142 mmHg" && r[2].StartsWith(LocalTime(vitalsTimes[0]), StringComparison.Ordinal));
        CheckStrip(reading, SamplesOf(sent, CodeCatalog.EcgLeadII), startNs / 1_000_000);

        // Signed: read-only with the signer's name, RPPS and time; the requester saw every step live, and prints it.
        var signed = root.GetProperty("signed");
        signed.GetProperty("formHidden").GetBoolean().Should().BeTrue("a signed report is not editable");
        signed.GetProperty("text").GetString().Should().Contain("Nom-cardio-1").And.Contain("RPPS 10000000025").And.Contain("Sinus rhythm");
        var requester = root.GetProperty("requester");
        requester.GetProperty("notReloaded").GetBoolean().Should().BeTrue();
        requester.GetProperty("states").EnumerateArray().Select(s => s.GetString()).Distinct().Should().Equal("Submitted", "Accepted", "Answered");
        requester.GetProperty("report").GetString().Should().Contain("RPPS 10000000025").And.Contain("Normal ECG at 72/min");
        requester.GetProperty("patient").GetString().Should().Be("PAT-TROIS DOMINIQUE");

        // Issue 12: the form opened with the service's proposals (record 100's two leads: the rate only, intervals and axes
        // "not measurable" as validated on 12 leads only), the cardiologist changed the rate and typed QT, and the
        // requester's view says so value by value.
        var prefill = root.GetProperty("prefill");
        output.WriteLine($"prefill: {prefill}");
        int.Parse(prefill.GetProperty("rateBpm").GetString()!, CultureInfo.InvariantCulture).Should().BeInRange(65, 85, "record 100 runs at about 75/min");
        prefill.GetProperty("qtMs").GetString().Should().BeEmpty("record 100 has two leads; intervals are proposed from 12 only");
        prefill.GetProperty("panel").EnumerateArray().Select(r => r[1].GetString()).Should().Contain(v => v!.StartsWith("not measurable: measured on the 12 standard leads only", StringComparison.Ordinal));
        prefill.GetProperty("statements").EnumerateArray().Select(s => s.GetString()).Should().Contain("Sinus rhythm");
        var review = requester.GetProperty("review").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("decision").GetString());
        review["rate"].Should().Be("Changed");
        review["qt"].Should().Be("Added", "not measurable here, typed by the cardiologist");
        CheckPrint(root.GetProperty("print"), root.GetProperty("pdf"));
        CheckStrip(root.GetProperty("print").GetProperty("strip"), SamplesOf(sent, CodeCatalog.EcgLeadII), startNs / 1_000_000);
        var amended = root.GetProperty("amended");
        amended.GetProperty("text").GetString().Should().Contain("version 2, corrected: an isolated PVC at 14 s was missed").And.Contain("1 earlier version");
        amended.GetProperty("requester").GetString().Should().Contain("isolated PVC").And.Contain("1 earlier version");
        amended.GetProperty("states").EnumerateArray().Select(s => s.GetString()).Distinct().Should().Equal("Submitted", "Accepted", "Answered", "Amended");
        amended.GetProperty("notReloaded").GetBoolean().Should().BeTrue();
        root.GetProperty("closed").GetString().Should().Contain("closed");

        foreach (var png in new[] { "clinical-point.png", "clinical-point-bad-ins.png", "clinical-worklist.png", "clinical-reading.png", "clinical-reading-signed.png", "clinical-request.png", "clinical-request-print.png" })
        {
            new FileInfo(Path.Combine(Repository.Artifacts, png)).Length.Should().BeGreaterThan(10_000, $"{png} is a real screenshot");
        }

        clinic.Gateway.ErrorLines().Should().BeEmpty();
        clinic.Gateway.RecentOutput.Should().NotContain(TestIns, "the INS never appears in logs");
    }

    [Fact]
    public async Task A_request_another_cardiologist_accepted_first_is_shown_as_a_refusal_and_its_reading_page_is_refused()
    {
        CheckSetUp();
        await using var clinic = await StartClinicAsync();
        var (requestId, otherId) = await FileRequestsOverHttpAsync(clinic);
        var resultFile = Path.Combine(Repository.Artifacts, "clinical-refusal.json");
        File.Delete(resultFile);
        await using (var scenario = await InteractiveNodeScript.StartAsync("tests/TeleSante.LiveView.Tests/Browser/clinical-refusal.cjs", new
        {
            @base = clinic.Gateway.Http.BaseAddress!.ToString(),
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            resultFile,
            requestId,
            otherId,
            declineReason = DeclineReason,
            tokens = new { cardiologist = clinic.CardiologistToken, colleague = clinic.ColleagueToken },
        }))
        {
            (await scenario.NextRequestAsync(TimeSpan.FromSeconds(120))).Should().BeNull("this scenario asks nothing");
            var (code, text) = await scenario.WaitForExitAsync(TimeSpan.FromSeconds(120));
            output.WriteLine(text);
            code.Should().Be(0, "the browser scenario failed: " + text);
        }

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
        var root = result.RootElement;
        root.GetProperty("pageErrors").GetArrayLength().Should().Be(0, root.GetProperty("pageErrors").ToString());
        root.GetProperty("order").EnumerateArray().Select(e => e.GetString()).Should().Equal([otherId, requestId], "urgent before routine");
        var pages = root.GetProperty("pages").EnumerateArray().ToList();
        pages.Should().HaveCount(2);
        // Both pressed Accept at once: one won; the other's page says it was refused, and why.
        var winner = pages.Single(p => p.GetProperty("refusals").GetArrayLength() == 0);
        var loser = pages.Single(p => p.GetProperty("refusals").GetArrayLength() == 1);
        winner.GetProperty("rows").EnumerateArray().Should().ContainSingle(r => r.GetProperty("id").GetString() == requestId && r.GetProperty("state").GetString() == "Accepted");
        loser.GetProperty("refusals")[0].GetProperty("code").GetString().Should().Be("AlreadyAccepted");
        loser.GetProperty("banner").GetString().Should().Contain("Refused — AlreadyAccepted").And.Contain(requestId);
        loser.GetProperty("rows").EnumerateArray().Should().NotContain(r => r.GetProperty("id").GetString() == requestId, "a request a colleague accepted leaves the list");
        // The loser's reading page shows the refusal alone: no question, patient or trace.
        var reading = root.GetProperty("loserReading");
        reading.GetProperty("banner").GetString().Should().Contain("Refused — NotTheRequester");
        reading.GetProperty("mainVisible").GetBoolean().Should().BeFalse();
        reading.GetProperty("text").GetString().Should().NotContain("Palpitations");
        new FileInfo(Path.Combine(Repository.Artifacts, "clinical-refusal.png")).Length.Should().BeGreaterThan(10_000);

        // Declined from the page: back to the requester with the reason typed in the dialog.
        root.GetProperty("declined").GetBoolean().Should().BeTrue();
        using var pharmacist = new HttpClient { BaseAddress = clinic.Gateway.Http.BaseAddress };
        pharmacist.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", clinic.OperatorToken);
        var declined = (await pharmacist.GetFromJsonAsync<JsonElement>($"/api/clinical/requests/{otherId}")).GetProperty("request");
        declined.GetProperty("state").GetString().Should().Be("Declined");
        declined.GetProperty("declineReason").GetString().Should().Be(DeclineReason);

        // Overdue once the due time has passed (the page's clock moved past it), flagged on the row.
        root.GetProperty("overdueBefore").GetString().Should().Be("false");
        root.GetProperty("overdueText").GetString().Should().Contain("OVERDUE");
        clinic.Gateway.ErrorLines().Should().BeEmpty();
    }

    private sealed record Clinic(GatewayProcess Gateway, string OperatorToken, string CardiologistToken, string ColleagueToken) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Gateway.DisposeAsync();
    }

    private static void CheckSetUp()
    {
        const string setUp = "run scripts/install-web.sh --with-browser first";
        File.Exists(Chromium).Should().BeTrue($"Debian chromium is needed ({setUp})");
        Directory.Exists(Path.Combine(NodeScript.NodeModules, "playwright-core")).Should().BeTrue($"playwright-core is needed ({setUp})");
        File.Exists(Path.Combine(Repository.Root, "src", "TeleSante.Gateway", "wwwroot", "lib", "signalr.min.js")).Should().BeTrue($"the pages need @microsoft/signalr ({setUp})");
    }

    /// <summary>The pharmacy (site, station with its two devices), its pharmacist (site operator and requester) and two
    /// cardiologists, in the gateway's clinical directory; tokens from its development issuer.</summary>
    private async Task<Clinic> StartClinicAsync()
    {
        var gateway = await GatewayProcess.StartAsync(influx.Url);
        try
        {
            (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = "Pharmacie du Port", kind = "Pharmacy" })).EnsureSuccessStatusCode();
            (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = Station, siteId = Site, name = "Cabine 1", kind = "Cabin", deviceIds = new[] { EcgDeviceId, VitalsDeviceId } }))
                .EnsureSuccessStatusCode();
            await AddPractitionerAsync(gateway, "pharm-1", "10000000017", "pharmacist", null, ["site-operator", "requester"], [Site]);
            await AddPractitionerAsync(gateway, "cardio-1", "10000000025", "physician", "cardiology", ["specialist"], []);
            await AddPractitionerAsync(gateway, "cardio-2", "10000000033", "physician", "cardiology", ["specialist"], []);
            return new Clinic(gateway, await gateway.DevTokenAsync("pharm-1", "site-operator,requester", Site),
                await gateway.DevTokenAsync("cardio-1", "specialist"), await gateway.DevTokenAsync("cardio-2", "specialist"));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task AddPractitionerAsync(GatewayProcess gateway, string id, string rpps, string profession, string? specialty, string[] roles, string[] sites) =>
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new { id, familyName = "Nom-" + id, givenName = "Prénom", rpps, profession, specialty, roles, siteIds = sites }))
            .EnsureSuccessStatusCode();

    /// <summary>Patient, consent, consultation, a routine ECG request and then an urgent one, over HTTP as the pharmacist.</summary>
    private static async Task<(string Routine, string Urgent)> FileRequestsOverHttpAsync(Clinic clinic)
    {
        using var pharmacist = new HttpClient { BaseAddress = clinic.Gateway.Http.BaseAddress };
        pharmacist.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", clinic.OperatorToken);
        async Task PostAsync(string path, object body)
        {
            using var response = await pharmacist.PostAsJsonAsync(path, body);
            response.IsSuccessStatusCode.Should().BeTrue($"{path}: {await response.Content.ReadAsStringAsync()}");
        }

        await PostAsync("/api/clinical/patients", new
        {
            id = "pat-1", ins = TestIns, insOid = NirTestOid, birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE", firstGivenName = "DOMINIQUE",
            birthDate = "1979-03-28", sex = "Female", birthPlaceCode = "51215", identityDocumentChecked = true,
        });
        await PostAsync("/api/clinical/consents", new { id = "cons-1", patientId = "pat-1", informationGiven = "ECG read remotely", specialties = new[] { "cardiology" }, shareReportWithTreatingGp = false });
        await PostAsync("/api/clinical/consultations", new { id = "visit-1", stationId = Station, patientId = "pat-1", consentId = "cons-1" });
        await PostAsync("/api/clinical/requests", new
        {
            id = "req-race", consultationId = "visit-1", kind = "EcgInterpretation", specialty = "cardiology", question = Question, clinicalContext = "", priority = "Routine",
            recordings = new[] { new { deviceId = EcgDeviceId, from = DateTimeOffset.UtcNow.AddMinutes(-2), to = DateTimeOffset.UtcNow.AddMinutes(-1) } },
        });
        await PostAsync("/api/clinical/requests", new
        {
            id = "req-urgent", consultationId = "visit-1", kind = "EcgInterpretation", specialty = "cardiology", question = "Chest pain 20 min ago", clinicalContext = "", priority = "Urgent",
            recordings = new[] { new { deviceId = EcgDeviceId, from = DateTimeOffset.UtcNow.AddMinutes(-2), to = DateTimeOffset.UtcNow.AddMinutes(-1) } },
        });
        return ("req-race", "req-urgent");
    }

    private static async Task SendAcknowledgedAsync(GatewayProcess gateway, List<ReadingBatch> sent, List<ReadingBatch> batches)
    {
        var answers = await IngestStream.SendAllAsync(gateway.Grpc, batches);
        answers.Should().HaveCount(batches.Count).And.OnlyContain(a => a.OutcomeCase == BatchResult.OutcomeOneofCase.Ack, string.Join("; ", answers.Select(a => a.Rejection?.Detail)));
        sent.AddRange(batches);
    }

    /// <summary>Every sample of one lead sent, in mV (the channel's own gain and baseline), at its time in ms.</summary>
    private static List<(double TimeMs, double Mv)> SamplesOf(List<ReadingBatch> sent, uint mdc) =>
        [.. sent.SelectMany(b => b.Waveforms).SelectMany(chunk => chunk.Channels.Where(c => c.MdcCode == mdc)
            .SelectMany(c => c.Samples.Select((s, i) => ((chunk.StartTimeNs / 1e6) + (i * 1000 / chunk.SampleRateHz), (s - c.Baseline) / c.Gain))))];

    private static string LocalTime(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A strip the pages drew with the viewer's renderer, checked as the viewer's tests check it: the scale it says it
    /// used; every CSS column of every row of the first page dark where record 100's lead II samples of that column's
    /// time slice put the trace (x from time at 25 mm/s, y from mV at 10 mm/mV, 96/25.4 px per mm, computed here); the
    /// millimetre grid along a line of paper; the 1 mV calibration pulse 10 mm high and 200 ms (5 mm) wide.
    /// </summary>
    private void CheckStrip(JsonElement measured, List<(double TimeMs, double Mv)> samples, long recordingStartMs)
    {
        var layout = measured.GetProperty("layout");
        layout.GetProperty("speedMmPerS").GetDouble().Should().Be(25);
        layout.GetProperty("gainMmPerMv").GetDouble().Should().Be(10);
        layout.GetProperty("pxPerMm").GetDouble().Should().BeApproximately(PxPerMm, 1e-9);
        layout.GetProperty("layout").GetString().Should().Be("1", "the single-lead layout: lead II rows");
        layout.GetProperty("pageStartMs").GetDouble().Should().Be(recordingStartMs, "the first page starts at the start of the attached range");
        var pxPerMs = 25 * PxPerMm / 1000;
        var mvToPx = 10 * PxPerMm;
        int tested = 0, good = 0;
        var bad = new List<string>();
        foreach (var row in measured.GetProperty("rows").EnumerateArray())
        {
            var strip = row.GetProperty("strip");
            strip.GetProperty("label").GetString().Should().Be("II");
            var (xStart, tStart, baseline) = (strip.GetProperty("xPx").GetDouble(), strip.GetProperty("tStartMs").GetDouble(), strip.GetProperty("baselineYPx").GetDouble());
            ((strip.GetProperty("xEndPx").GetDouble() - xStart) / PxPerMm / (strip.GetProperty("durationMs").GetDouble() / 1000)).Should().BeApproximately(25, 1e-6, "25 mm of paper per second");
            foreach (var column in row.GetProperty("columns").EnumerateArray())
            {
                var x = column.GetProperty("x").GetDouble();
                var from = tStart + ((x - xStart) / pxPerMs);
                var to = from + (1 / pxPerMs);
                // The lead label sits over the first few millimetres of a row.
                if (from < tStart + 400 || from > layout.GetProperty("displayMs").GetDouble() - 20)
                {
                    continue;
                }

                var inColumn = samples.Where(s => s.TimeMs >= from - 2.8 && s.TimeMs <= to + 2.8).ToList();
                if (inColumn.Count == 0)
                {
                    continue;
                }

                var dark = column.GetProperty("ys").EnumerateArray().Select(y => y.GetDouble() + 0.5).ToList();
                var ys = inColumn.Select(s => baseline - (s.Mv * mvToPx)).ToList();
                var (low, high) = (ys.Min(), ys.Max());
                tested++;
                if (dark.Count > 0 && dark.All(y => y >= low - 2.5 && y <= high + 2.5) && dark.Any(y => y >= low - 1 && y <= high + 1))
                {
                    good++;
                }
                else if (bad.Count < 10)
                {
                    bad.Add(string.Create(CultureInfo.InvariantCulture, $"x={x} expected y {low:0.0}..{high:0.0}, drawn [{string.Join(",", dark)}]"));
                }
            }
        }

        output.WriteLine($"strip: {good} of {tested} columns drawn where record 100's lead II samples put them");
        tested.Should().BeGreaterThan(1000, "about 20 s of trace at 25 mm/s are on the page");
        ((double)good / tested).Should().BeGreaterThan(0.97, "the trace follows the samples: " + string.Join("; ", bad));

        // The grid: a 1 mm line every millimetre, a darker one every 5 mm, paper between them.
        var px = measured.GetProperty("grid").GetProperty("px").EnumerateArray().Select(p => p.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToList();
        var first = measured.GetProperty("rows")[0].GetProperty("strip");
        string Kind(int x) => px[x][1] < 175 ? "large" : px[x][1] < 235 ? "small" : "paper";
        string Near(double position) => Enumerable.Range((int)Math.Round(position) - 1, 3).Select(Kind).OrderBy(k => k switch { "large" => 0, "small" => 1, _ => 2 }).First();
        var checkedLines = 0;
        for (var mm = (int)Math.Ceiling((first.GetProperty("xPx").GetDouble() / PxPerMm) + 10); mm * PxPerMm < first.GetProperty("xEndPx").GetDouble(); mm++)
        {
            Near(mm * PxPerMm).Should().Be(mm % 5 == 0 ? "large" : "small", $"a {(mm % 5 == 0 ? "5 mm" : "1 mm")} line at {mm} mm");
            Kind((int)Math.Round((mm + 0.5) * PxPerMm)).Should().Be("paper", $"paper between the lines at {mm + 0.5} mm");
            checkedLines++;
        }

        checkedLines.Should().BeGreaterThan(150);

        // The calibration pulse: up 10 mm (1 mV at 10 mm/mV) and 5 mm wide (200 ms at 25 mm/s).
        var pulse = measured.GetProperty("pulse");
        var baselineY = first.GetProperty("baselineYPx").GetDouble();
        var column0 = pulse.GetProperty("column").EnumerateArray().Select(y => y.GetDouble()).ToList();
        column0.Should().NotBeEmpty("the pulse's top crosses its middle column");
        ((baselineY - column0.Min()) / PxPerMm).Should().BeApproximately(10, 0.35, "1 mV is 10 mm high");
        column0.Should().OnlyContain(y => baselineY - y > 9 * PxPerMm, "the pulse is a rectangle: nothing between its top and the baseline at its middle");
        var edges = pulse.GetProperty("line").EnumerateArray().Select(x => x.GetDouble()).ToList();
        edges.Should().HaveCountGreaterThanOrEqualTo(2);
        ((edges.Max() - edges.Min()) / PxPerMm).Should().BeApproximately(5, 0.6, "the 200 ms pulse is 5 mm wide at 25 mm/s");
    }

    /// <summary>The print layout: navigation hidden, the strip not scaled by print (its canvas at the size it was drawn,
    /// at 96 CSS px per inch: so 25 mm/s and 10 mm/mV on paper), within A4's 190 mm between 10 mm margins; chromium's
    /// PDF of the page (preferring the CSS @page size) is one A4 portrait page.</summary>
    private void CheckPrint(JsonElement print, JsonElement pdf)
    {
        print.GetProperty("topbarDisplay").GetString().Should().Be("none", "no navigation on paper");
        print.GetProperty("printButtonDisplay").GetString().Should().Be("none");
        print.GetProperty("titleDisplay").GetString().Should().Be("block");
        print.GetProperty("pxPerInch").GetDouble().Should().Be(96, "a CSS inch is 96 CSS px, on paper too");
        var layout = print.GetProperty("strip").GetProperty("layout");
        var canvas = print.GetProperty("canvas");
        canvas.GetProperty("width").GetDouble().Should().BeApproximately(layout.GetProperty("canvasCssWidth").GetDouble(), 0.01, "print does not scale the strip");
        var widthMm = canvas.GetProperty("width").GetDouble() / PxPerMm;
        var sheet = print.GetProperty("sheet");
        (sheet.GetProperty("width").GetDouble() / PxPerMm).Should().BeApproximately(190, 0.5, "A4's 210 mm less two 10 mm margins");
        widthMm.Should().BeLessThanOrEqualTo(190.01, "the strip fits the printable width");
        var rhythm = layout.GetProperty("strips")[0];
        var mmPerSecond = (rhythm.GetProperty("xEndPx").GetDouble() - rhythm.GetProperty("xPx").GetDouble()) / PxPerMm / (rhythm.GetProperty("durationMs").GetDouble() / 1000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"print: strip {widthMm:0.0} mm wide, {mmPerSecond:0.000} mm/s; pdf {pdf}"));
        mmPerSecond.Should().BeApproximately(25, 1e-6);

        var boxes = pdf.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetDouble()).ToList()).ToList();
        pdf.GetProperty("pages").GetInt32().Should().Be(1, "the report and its strip fit one A4 page");
        boxes.Should().NotBeEmpty().And.OnlyContain(b => Math.Abs(b[2] - b[0] - 595.28) < 1.5 && Math.Abs(b[3] - b[1] - 841.89) < 1.5, "A4 is 595.28 × 841.89 pt");
    }
}
