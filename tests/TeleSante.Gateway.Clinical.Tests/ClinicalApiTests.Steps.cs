using System.Net;
using System.Net.Http.Json;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

// The remaining transitions over HTTP (resubmit, amend, expiry), their refusals, and the recording access acceptance gives.
public abstract partial class ClinicalApiTests
{
    private static object Amendment(string? reason) => new
    {
        reason, rhythm = "sinus", rateBpm = 72, prMs = 160, qrsMs = 90, qtMs = 380, qtcMs = 430, axisDegrees = 45, conclusion = "Borderline QTc", followUp = "Soon",
        freeText = "QTc recomputed with Fridericia",
    };

    [Fact]
    public async Task A_declined_request_is_resubmitted_and_a_signed_report_is_amended_as_a_new_version_keeping_the_first()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var declined = await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/decline", new { reason = "12-lead recording needed, only 3 leads attached" });
        declined.StatusCode.Should().Be(HttpStatusCode.OK, await declined.Content.ReadAsStringAsync());
        (await JsonAsync(declined)).GetProperty("state").GetString().Should().Be("Declined");

        // Only the requester sends it again, and only once declined.
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/resubmit", new { question = "x" }), HttpStatusCode.Forbidden, "WrongRole");
        var resubmitted = await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests/req-1/resubmit", new { question = "12-lead ECG attached: rhythm?" });
        resubmitted.StatusCode.Should().Be(HttpStatusCode.OK, await resubmitted.Content.ReadAsStringAsync());
        var again = await JsonAsync(resubmitted);
        again.GetProperty("state").GetString().Should().Be("Submitted");
        again.GetProperty("question").GetString().Should().Be("12-lead ECG attached: rhythm?");
        again.GetProperty("declineReason").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        await ShouldBeRefusedAsync(await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests/req-1/resubmit", new { }), HttpStatusCode.Conflict, "WrongState");

        (await clinic.OtherCardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        // Editing a signed report: not before it is signed, not by another specialist, not without a reason, never in place.
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment("typo")), HttpStatusCode.Conflict, "WrongState");
        (await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings), HttpStatusCode.Conflict, "ReportAlreadySigned");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment("QTc recomputed")), HttpStatusCode.Forbidden,
            "NotTheAcceptingSpecialist");
        await ShouldBeRefusedAsync(await clinic.Dermatologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment("QTc recomputed")), HttpStatusCode.Forbidden,
            "OtherSpecialty");
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment(null)), HttpStatusCode.BadRequest, "InvalidInput");
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment(" ")), HttpStatusCode.BadRequest, "InvalidInput");

        var amended = await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/amend", Amendment("QTc recomputed with Fridericia"));
        amended.StatusCode.Should().Be(HttpStatusCode.OK, await amended.Content.ReadAsStringAsync());
        (await JsonAsync(amended)).GetProperty("version").GetInt32().Should().Be(2);

        var read = await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1"));
        read.GetProperty("request").GetProperty("state").GetString().Should().Be("Amended");
        var versions = read.GetProperty("reports").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        versions[0].GetProperty("findings").GetProperty("conclusion").GetString().Should().Be("Normal ECG", "the first signed version is kept as it was");
        versions[0].GetProperty("correctionReason").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        versions[1].GetProperty("correctionReason").GetString().Should().Be("QTc recomputed with Fridericia");
        versions.Should().OnlyContain(v => v.GetProperty("signedBy").GetString() == "cardio-2");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().Contain([
            ("cardio-1", "clinical.request.decline", "request/req-1", "allowed"), ("pharm-1", "clinical.request.resubmit", "request/req-1", "allowed"),
            ("cardio-1", "clinical.request.resubmit", "request/req-1", "denied"), ("cardio-2", "clinical.report.amend", "request/req-1", "allowed"),
            ("cardio-1", "clinical.report.amend", "request/req-1", "denied")]);
    }

    [Fact]
    public async Task A_withdrawn_consent_stops_acceptance_and_a_cancelled_request_takes_no_further_step()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await FileEcgRequestAsync(clinic, "req-2")).StatusCode.Should().Be(HttpStatusCode.Created);

        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.PostAsJsonAsync("/api/clinical/requests/req-2/cancel", new { reason = "not mine" }), HttpStatusCode.Forbidden,
            "NotTheRequester");
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests/req-2/cancel", new { reason = "filed twice" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-2/accept", null), HttpStatusCode.Conflict, "WrongState");

        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consents/cons-1/withdraw", new { reason = "the patient changed their mind" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null), HttpStatusCode.Forbidden, "ConsentWithdrawn");
        (await clinic.Cardiologist.GetAsync("/api/sessions/visit-1/waveforms")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "nothing was accepted");
    }

    [Fact]
    public async Task Accepting_a_request_opens_the_consultation_recording_to_the_specialist_and_declining_or_cancelling_closes_it()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        const string recording = "/api/sessions/visit-1/waveforms";

        (await clinic.Cardiologist.GetAsync(recording)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the session id is the consultation id, not yet the specialist's");
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var read = await clinic.Cardiologist.GetAsync(recording);
        read.StatusCode.Should().Be(HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
        (await clinic.OtherCardiologist.GetAsync(recording)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "only the accepting specialist");

        (await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/decline", new { reason = "outside my competence" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.Cardiologist.GetAsync(recording)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "declining gives the recording back");

        // Resubmitted, accepted by the other cardiologist, then cancelled by the requester: their access ends too.
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests/req-1/resubmit", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.OtherCardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.OtherCardiologist.GetAsync(recording)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests/req-1/cancel", new { reason = "the patient went to the emergency room" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.OtherCardiologist.GetAsync(recording)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The trail is served newest first.
        var trail = await AuditAsync(clinic.Gateway);
        trail.AsEnumerable().Reverse().Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().ContainInOrder(
            ("cardio-1", "recording.read", "session/visit-1", "denied"), ("cardio-1", "assignment.grant", "session/visit-1", "allowed"),
            ("cardio-1", "recording.read", "session/visit-1", "allowed"), ("cardio-1", "assignment.revoke", "session/visit-1", "allowed"),
            ("cardio-2", "assignment.grant", "session/visit-1", "allowed"), ("pharm-1", "assignment.revoke", "session/visit-1", "allowed"));
    }

    [Fact]
    public async Task A_request_nobody_accepts_expires_after_its_due_time_and_grace_and_its_requester_is_told_live()
    {
        // The shortest due time the options allow; the gateway's clock is the real one, so this test waits about a minute.
        await using var clinic = await StartClinicAsync(new Dictionary<string, string>
        {
            ["TeleExpertise:UrgentDue"] = "00:01:00", ["TeleExpertise:ExpiryGrace"] = "00:00:00", ["TeleExpertise:ExpirySweepInterval"] = "00:00:01",
        });
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await FileEcgRequestAsync(clinic, "req-2")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-2/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var requester = await ClinicalHubClient.ConnectAsync(clinic.Gateway, await clinic.Gateway.DevTokenAsync("pharm-1", "site-operator,requester", "pharma-1"));
        await using var colleague = await ClinicalHubClient.ConnectAsync(clinic.Gateway, await clinic.Gateway.DevTokenAsync("cardio-2", "specialist"));
        (await requester.SubscribeRequestAsync("req-1")).GetProperty("request").GetProperty("state").GetString().Should().Be("Submitted");
        (await colleague.SubscribeWorklistAsync()).EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal("req-1");

        var expired = await Eventually.ValueAsync(async () => (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1"))).GetProperty("request"),
            r => r.GetProperty("state").GetString() == "Expired", TimeSpan.FromSeconds(150), "req-1 expires once its minute is up");
        DateTimeOffset.UtcNow.Should().BeOnOrAfter(expired.GetProperty("dueAt").GetDateTimeOffset(), "not before its due time");
        await requester.RequestViewAsync("req-1", "Expired");
        await colleague.WorklistItemAsync("req-1", "Expired");

        // The accepted one does not expire: it is overdue, flagged in the worklist and counted in the turnaround. It was
        // filed after req-1, so its due time may still be a moment ahead when req-1's expiry is seen: wait for it first.
        var due2 = (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-2"))).GetProperty("request").GetProperty("dueAt").GetDateTimeOffset();
        var wait = due2 - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
        }

        var worklist = (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().ToList();
        worklist.Should().ContainSingle().Which.GetProperty("overdue").GetBoolean().Should().BeTrue();
        (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-2/turnaround"))).GetProperty("overdue").GetBoolean().Should().BeTrue();
        var figures = (await JsonAsync(await clinic.Administrator.GetAsync("/api/clinical/turnaround"))).EnumerateArray().Single();
        (figures.GetProperty("submitted").GetInt32(), figures.GetProperty("answered").GetInt32(), figures.GetProperty("overdue").GetInt32()).Should().Be((2, 0, 1));

        var trail = await AuditAsync(clinic.Gateway);
        trail.Should().ContainSingle(e => e.Action == "clinical.request.expire").Which.Should().Match<(string? Actor, string? Action, string? Resource, string? Outcome, string? Detail)>(
            e => e.Actor == "system" && e.Resource == "request/req-1" && e.Outcome == "allowed");
    }
}
