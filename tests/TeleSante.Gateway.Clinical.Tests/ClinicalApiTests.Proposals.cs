using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Testing;
using TeleSante.FirmwareSim.Devices;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Signal.Synthesis;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

// Issue 12: the ECG proposals of a request (computed at submission from the stored ECG), the review of the signed report
// against them, and the triage flag in the worklist.
public abstract partial class ClinicalApiTests
{
    private const double RecordedSeconds = 20;

    /// <summary>Streams <see cref="RecordedSeconds"/> of generated 12-lead ECG of ecg-1 under visit-1 with known intervals and
    /// files an ECG request over it; answers the recording's start.</summary>
    private async Task<DateTimeOffset> StreamAndFileAsync(Clinic clinic, double heartRateBpm, WaveTiming waves, string priority = "Routine", string request = "req-1", Rhythm rhythm = Rhythm.Sinus, string session = "visit-1", string device = "ecg-1")
    {
        var startNs = TestEcg.NowNs() - (long)((RecordedSeconds + 5) * 1e9);
        var recorder = new EcgRecorder(new EcgRecorderOptions
        {
            DeviceId = device, SiteId = "test-pharmacy", SessionId = session, Leads = 12, ChunkSamples = 500, StartTimeNs = startNs,
            Signal = new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = heartRateBpm, Rhythm = rhythm, MuscleNoiseMv = 0.01, BaselineWanderMv = 0.05, Waves = waves, Seed = 7 },
        });
        var batches = TestEcg.Batches(recorder, (int)RecordedSeconds);
        (await IngestStream.SendAllAsync(clinic.Gateway.Grpc, batches)).Should().OnlyContain(r => r.Ack != null);
        await clinic.Gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var start = DateTimeOffset.UnixEpoch.AddTicks(startNs / 100);
        var filed = await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests", new
        {
            id = request, consultationId = session, kind = "EcgInterpretation", specialty = "cardiology", question = "Palpitations: rhythm?", priority,
            recordings = new[] { new { deviceId = device, from = start, to = start.AddSeconds(RecordedSeconds) } },
        });
        filed.StatusCode.Should().Be(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        return start;
    }

    private static Dictionary<string, JsonElement> ValuesByKey(JsonElement proposals) =>
        proposals.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!);

    [Fact]
    public async Task Ecg_proposals_are_measured_at_submission_and_the_signed_report_keeps_what_was_accepted_and_what_was_changed()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        var waves = new WaveTiming { PrMs = 160, QrsMs = 90, QtMs = 380 };
        var start = await StreamAndFileAsync(clinic, 70, waves);

        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var proposals = await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-1/ecg-proposals"));
        proposals.GetProperty("status").GetString().Should().Be("Computed", proposals.ToString());
        var windowFrom = proposals.GetProperty("windowFrom").GetDateTimeOffset();
        var windowTo = proposals.GetProperty("windowTo").GetDateTimeOffset();
        (windowTo - windowFrom).TotalSeconds.Should().BeApproximately(10, 0.01);
        windowFrom.Should().BeOnOrAfter(start);
        windowTo.Should().BeOnOrBefore(start.AddSeconds(RecordedSeconds));
        proposals.GetProperty("windowChoice").GetString().Should().Contain("best-quality 10 s");

        var values = ValuesByKey(proposals);
        values.Keys.Should().BeEquivalentTo(["rate", "pr", "qrs", "qt", "qtcBazett", "qtcFridericia", "pAxis", "qrsAxis", "tAxis"]);
        double Value(string key) => values[key].GetProperty("value").GetDouble();
        Value("rate").Should().BeApproximately(70, 2);
        Value("pr").Should().BeApproximately(waves.PrMs, 15);
        Value("qrs").Should().BeApproximately(waves.QrsMs, 15);
        Value("qt").Should().BeApproximately(380, 25);
        Value("qtcBazett").Should().BeApproximately(Value("qt") / Math.Sqrt(60 / Value("rate")), 1);
        Value("qtcFridericia").Should().BeApproximately(Value("qt") / Math.Cbrt(60 / Value("rate")), 1);
        (values["rate"].GetProperty("loinc").GetString(), values["rate"].GetProperty("unit").GetString()).Should().Be(("8867-4", "/min"));
        (values["qt"].GetProperty("loinc").GetString(), values["qt"].GetProperty("unit").GetString()).Should().Be(("8634-8", "ms"));
        values["qtcBazett"].GetProperty("method").GetString().Should().Be("Bazett");
        values["qtcFridericia"].GetProperty("method").GetString().Should().Be("Fridericia");
        values["qrsAxis"].GetProperty("unit").GetString().Should().Be("deg");
        values.Values.Should().OnlyContain(v => v.GetProperty("from").GetDateTimeOffset() == windowFrom && v.GetProperty("to").GetDateTimeOffset() == windowTo);
        proposals.GetProperty("triage").EnumerateArray().Should().BeEmpty("sinus at 70/min is not urgent");
        proposals.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("text").GetString()).Should().Equal("Sinus rhythm");
        (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().Single().GetProperty("triage").ValueKind
            .Should().Be(JsonValueKind.Null);

        // Sign: everything as proposed but QT, lengthened by 40 ms.
        var rate = (int)Math.Round(Value("rate"), MidpointRounding.AwayFromZero);
        var qt = (int)Math.Round(Value("qt"), MidpointRounding.AwayFromZero);
        var signed = await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", new
        {
            rhythm = "sinus", rateBpm = rate, prMs = (int)Math.Round(Value("pr"), MidpointRounding.AwayFromZero), qrsMs = (int)Math.Round(Value("qrs"), MidpointRounding.AwayFromZero),
            qtMs = qt + 40, qtcMs = (int)Math.Round(Value("qtcBazett"), MidpointRounding.AwayFromZero), axisDegrees = (int)Math.Round(Value("qrsAxis"), MidpointRounding.AwayFromZero),
            conclusion = "Sinus rhythm, long QT on review", followUp = "Soon", freeText = "", statements = new[] { "Sinus rhythm", "Long QT" },
        });
        signed.StatusCode.Should().Be(HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        var amended = await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", new
        {
            reason = "QT re-measured", rhythm = "sinus", rateBpm = rate + 5, prMs = (int?)null, qrsMs = (int?)null, qtMs = qt, qtcMs = (int?)null, axisDegrees = (int?)null,
            conclusion = "Sinus rhythm", followUp = "Routine", freeText = "",
        });
        amended.StatusCode.Should().Be(HttpStatusCode.OK, await amended.Content.ReadAsStringAsync());

        var read = await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1"));
        var reports = read.GetProperty("reports").EnumerateArray().ToList();
        Dictionary<string, JsonElement> Reviewed(JsonElement report) =>
            report.GetProperty("review").GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!);
        var first = Reviewed(reports[0]);
        first["qt"].GetProperty("decision").GetString().Should().Be("Changed");
        first["qt"].GetProperty("proposed").GetDouble().Should().Be(Value("qt"));
        first["qt"].GetProperty("final").GetDouble().Should().Be(qt + 40);
        first.Where(v => v.Key != "qt").Select(v => v.Value.GetProperty("decision").GetString()).Should().OnlyContain(d => d == "Accepted");
        reports[0].GetProperty("review").GetProperty("statements").EnumerateArray().Select(s => (s.GetProperty("text").GetString(), s.GetProperty("decision").GetString()))
            .Should().Equal(("Sinus rhythm", "Accepted"), ("Long QT", "Added"));
        var second = Reviewed(reports[1]);
        (second["qt"].GetProperty("decision").GetString(), second["rate"].GetProperty("decision").GetString(), second["pr"].GetProperty("decision").GetString())
            .Should().Be(("Accepted", "Changed", "Removed"), "the amendment is reviewed against the same proposals, the first version kept as signed");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Should().Contain(e => e.Actor == "cardio-1" && e.Action == "clinical.ecg-proposals.read" && e.Resource == "request/req-1" && e.Outcome == "allowed");
    }

    [Fact]
    public async Task Ecg_proposals_are_refused_to_whoever_is_not_a_party_and_the_refusal_is_audited()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);

        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-1/ecg-proposals"), HttpStatusCode.Forbidden, "NotTheAcceptingSpecialist");
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.GetAsync("/api/clinical/requests/req-1/ecg-proposals"), HttpStatusCode.Forbidden, "NotTheAcceptingSpecialist");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/requests/req-1/ecg-proposals"), HttpStatusCode.Forbidden, "NotTheRequester");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-x/ecg-proposals"), HttpStatusCode.NotFound, "NotFound");

        // No ECG was streamed: the proposals say so rather than guess.
        var proposals = await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-1/ecg-proposals"));
        proposals.GetProperty("status").GetString().Should().Be("NotComputed");
        proposals.GetProperty("notComputedReason").GetString().Should().Contain("no ECG of ecg-1");
        proposals.GetProperty("values").EnumerateArray().Should().BeEmpty();

        var denied = (await AuditAsync(clinic.Gateway)).Where(e => e.Action == "clinical.ecg-proposals.read" && e.Outcome == "denied").Select(e => e.Actor).ToList();
        denied.Should().Contain(["cardio-1", "cardio-2", "pharm-2"]);
    }

    [Fact]
    public async Task A_request_whose_ecg_is_at_35_per_minute_is_flagged_urgent_in_the_worklist_beside_its_routine_priority()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        // Filed first (due first), before any ECG was stored: nothing to flag.
        (await FileEcgRequestAsync(clinic, "req-other", priority: "Routine")).StatusCode.Should().Be(HttpStatusCode.Created);
        var start = await StreamAndFileAsync(clinic, 35, new WaveTiming { PrMs = 180, QrsMs = 100, QtMs = 460 }, priority: "Routine", request: "req-slow");

        var worklist = (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().ToList();
        worklist.Select(r => r.GetProperty("id").GetString()).Should().Equal(["req-slow", "req-other"], "within one priority the suggested-urgent request comes first");
        var flagged = worklist[0];
        flagged.GetProperty("priority").GetString().Should().Be("Routine", "the requester's priority is kept, shown beside the flag");
        var triage = flagged.GetProperty("triage");
        triage.GetProperty("rule").GetString().Should().Be("Bradycardia");
        triage.GetProperty("text").GetString().Should().Contain("limit 40");
        triage.GetProperty("at").GetDateTimeOffset().Should().BeOnOrAfter(start).And.BeOnOrBefore(start.AddSeconds(RecordedSeconds));
        worklist[1].GetProperty("triage").ValueKind.Should().Be(JsonValueKind.Null);

        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-slow/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var proposals = await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-slow/ecg-proposals"));
        ValuesByKey(proposals)["rate"].GetProperty("value").GetDouble().Should().BeApproximately(35, 2);
        proposals.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("text").GetString()).Should().Contain("Sinus bradycardia");
    }

    [Fact]
    public async Task A_request_whose_ecg_shows_ventricular_tachycardia_is_flagged_wide_QRS_and_one_with_sinus_tachycardia_at_the_same_rate_is_not()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        // 140/min: above the wide-QRS limit (100) and below the plain tachycardia rule (150), so only the QRS decides.
        var waves = new WaveTiming { PrMs = 160, QrsMs = 100, QtMs = 320 };
        await StreamAndFileAsync(clinic, 140, waves, request: "req-sinus");
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-sinus/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var sinus = await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-sinus/ecg-proposals"));
        sinus.GetProperty("status").GetString().Should().Be("Computed");
        sinus.GetProperty("triage").EnumerateArray().Should().BeEmpty("narrow sinus tachycardia at 140/min is not urgent");
        sinus.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("text").GetString()).Should().Contain("Sinus tachycardia").And.NotContain("Wide-QRS tachycardia");

        // The same rate, every beat ventricular (the generator's wide beat, QRS 1.8 x 100 ms).
        var start = await StreamAndFileAsync(clinic, 140, waves, request: "req-vt", rhythm: Rhythm.VentricularTachycardia, device: "ecg-2");
        var worklist = (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().ToList();
        var flagged = worklist.Single(r => r.GetProperty("id").GetString() == "req-vt").GetProperty("triage");
        flagged.GetProperty("rule").GetString().Should().Be("WideQrsTachycardia");
        var text = System.Text.RegularExpressions.Regex.Match(flagged.GetProperty("text").GetString()!, @"^Wide-QRS tachycardia at ([0-9.]+) bpm, QRS ([0-9]+) ms$");
        text.Success.Should().BeTrue(flagged.GetProperty("text").GetString());
        double.Parse(text.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(140, 5);
        int.Parse(text.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(120);
        flagged.GetProperty("at").GetDateTimeOffset().Should().BeOnOrAfter(start).And.BeOnOrBefore(start.AddSeconds(RecordedSeconds));
    }
}
