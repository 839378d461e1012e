using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;

namespace TeleSante.Gateway.Clinical.Tests;

// The live worklist and request notifications over SignalR (/hubs/clinical), with the .NET SignalR client.
public abstract partial class ClinicalApiTests
{
    private static async Task<ClinicalHubClient> HubAsync(Clinic clinic, string subject, string roles, string? site = null) =>
        await ClinicalHubClient.ConnectAsync(clinic.Gateway, await clinic.Gateway.DevTokenAsync(subject, roles, site));

    [Fact]
    public async Task A_subscribed_cardiologist_sees_a_request_arrive_without_polling_and_the_requester_sees_it_accepted_and_answered()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic, specialties: ["cardiology", "dermatology"]);
        await using var cardiologist = await HubAsync(clinic, "cardio-1", "specialist");
        await using var dermatologist = await HubAsync(clinic, "derm-1", "specialist");
        (await cardiologist.SubscribeWorklistAsync()).EnumerateArray().Should().BeEmpty();
        (await dermatologist.SubscribeWorklistAsync()).EnumerateArray().Should().BeEmpty();

        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        var arrived = await cardiologist.WorklistItemAsync("req-1", "Submitted");
        arrived.GetProperty("question").GetString().Should().Be("Palpitations since this morning: rhythm?");
        arrived.GetProperty("priority").GetString().Should().Be("Urgent");

        // Filed after the cardiology one: had the dermatologist been sent that one, it would have come first.
        (await FileEcgRequestAsync(clinic, "req-derm", specialty: "dermatology")).StatusCode.Should().Be(HttpStatusCode.Created);
        await dermatologist.WorklistItemAsync("req-derm", "Submitted");
        dermatologist.WorklistChanges.Select(i => i.GetProperty("id").GetString()).Should().Equal(["req-derm"], "another specialty's requests are not theirs");
        cardiologist.WorklistChanges.Select(i => i.GetProperty("id").GetString()).Should().NotContain("req-derm");

        await using var requester = await HubAsync(clinic, "pharm-1", "site-operator,requester", "pharma-1");
        var subscribed = await requester.SubscribeRequestAsync("req-1");
        subscribed.GetProperty("request").GetProperty("state").GetString().Should().Be("Submitted");
        subscribed.GetProperty("reports").EnumerateArray().Should().BeEmpty();

        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await requester.RequestViewAsync("req-1", "Accepted")).GetProperty("request").GetProperty("acceptedBy").GetString().Should().Be("cardio-1");
        await cardiologist.WorklistItemAsync("req-1", "Accepted");
        (await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings)).StatusCode.Should().Be(HttpStatusCode.OK);
        var answered = await requester.RequestViewAsync("req-1", "Answered");
        answered.GetProperty("reports").EnumerateArray().Single().GetProperty("signerRpps").GetString().Should().Be("10000000025");
        await cardiologist.WorklistItemAsync("req-1", "Answered");
        requester.RequestChanges.Select(v => v.GetProperty("request").GetProperty("id").GetString()).Should().OnlyContain(id => id == "req-1" || id == "req-derm",
            "a requester hears of their site's requests only");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().Contain([
            ("cardio-1", "clinical.worklist.subscribe", "worklist/cardio-1", "allowed"), ("pharm-1", "clinical.request.subscribe", "request/req-1", "allowed")]);
    }

    [Fact]
    public async Task Subscribing_is_refused_with_the_refusal_code_and_audited_for_a_non_party_or_a_non_specialist()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        await using var colleague = await HubAsync(clinic, "cardio-2", "specialist");
        await using var requester = await HubAsync(clinic, "pharm-1", "site-operator,requester", "pharma-1");

        (await colleague.Invoking(c => c.SubscribeRequestAsync("req-1")).Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("NotTheRequester");
        (await colleague.Invoking(c => c.SubscribeRequestAsync("no-such-request")).Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("NotFound");
        (await requester.Invoking(c => c.SubscribeWorklistAsync()).Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("WrongRole");

        // A refused subscription joined nothing: the colleague is not told when req-1 is accepted by another.
        (await colleague.SubscribeWorklistAsync()).EnumerateArray().Should().ContainSingle();
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await colleague.WorklistItemAsync("req-1", "Accepted");
        colleague.RequestChanges.Should().BeEmpty();

        var denied = (await AuditAsync(clinic.Gateway)).Where(e => e.Outcome == "denied").Select(e => (e.Actor, e.Action, e.Resource)).ToList();
        denied.Should().Contain([("cardio-2", "clinical.request.subscribe", "request/req-1"), ("pharm-1", "clinical.worklist.subscribe", "worklist/pharm-1")]);
        clinic.Gateway.ErrorLines().Should().BeEmpty("a refusal is an answer, not a fault");
    }

    [Fact]
    public async Task A_practitioner_disabled_by_an_administrator_has_their_worklist_connection_closed()
    {
        await using var clinic = await StartClinicAsync();
        await using var cardiologist = await HubAsync(clinic, "cardio-1", "specialist");
        (await cardiologist.SubscribeWorklistAsync()).EnumerateArray().Should().BeEmpty();

        (await clinic.Gateway.Admin.PostAsync("/api/admin/practitioners/cardio-1/disable", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        await cardiologist.Closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        (await AuditAsync(clinic.Gateway)).Should().Contain(e => e.Action == "clinical.hub.cut" && e.Resource == "practitioner/cardio-1");
        await using var again = await HubAsync(clinic, "cardio-1", "specialist");
        (await again.Invoking(c => c.SubscribeWorklistAsync()).Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("WrongRole");
    }
}
