using System.Net;
using System.Net.Http.Json;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

// What the pages read: a site's requests, a consultation and its station, the stations of a site, a patient, turnaround.
public abstract partial class ClinicalApiTests
{
    [Fact]
    public async Task The_site_and_the_parties_read_requests_consultations_stations_and_patients_and_nobody_else_does()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);

        var list = (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests?site=pharma-1"))).EnumerateArray().ToList();
        list.Should().ContainSingle().Which.GetProperty("state").GetString().Should().Be("Submitted");
        (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests?mine=true"))).EnumerateArray().Should().ContainSingle();
        (await JsonAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/requests"))).EnumerateArray().Should().BeEmpty("another site's requests are not listed");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/requests?site=pharma-1"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/requests?site=pharma-1"), HttpStatusCode.Forbidden, "WrongRole");

        var stations = (await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/stations"))).EnumerateArray().ToList();
        var cabin = stations.Should().ContainSingle().Subject;
        cabin.GetProperty("id").GetString().Should().Be("cabin-1");
        cabin.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetString()).Should().Equal("ecg-1");
        cabin.GetProperty("openConsultationId").GetString().Should().Be("visit-1");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/stations"), HttpStatusCode.Forbidden, "WrongRole");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/stations?site=pharma-1"), HttpStatusCode.Forbidden, "OtherSite");

        var visit = await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/consultations/visit-1"));
        visit.GetProperty("sessionId").GetString().Should().Be("visit-1");
        visit.GetProperty("open").GetBoolean().Should().BeTrue();
        visit.GetProperty("station").GetProperty("deviceIds").EnumerateArray().Select(d => d.GetString()).Should().Equal("ecg-1");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/consultations/visit-1"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/patients/pat-1"), HttpStatusCode.Forbidden, "OtherSite");

        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.Cardiologist.GetAsync("/api/clinical/consultations/visit-1")).StatusCode.Should().Be(HttpStatusCode.OK, "the accepting specialist reads what they answer");
        foreach (var reader in new[] { clinic.Pharmacist, clinic.Cardiologist })
        {
            var response = await reader.GetAsync("/api/clinical/patients/pat-1");
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            body.Should().NotContain(TestIns, "the INS is never echoed, even qualified, even to a party");
            var patient = await JsonAsync(response);
            (patient.GetProperty("status").GetString(), patient.GetProperty("hasIns").GetBoolean(), patient.GetProperty("birthFamilyName").GetString())
                .Should().Be(("Qualified", true, "PAT-TROIS"));
        }

        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.GetAsync("/api/clinical/patients/pat-1"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/patients/pat-1"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/patients/no-such-patient"), HttpStatusCode.Forbidden, "OtherSite");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().Contain([
            ("pharm-1", "clinical.requests.list", "site/pharma-1", "allowed"), ("pharm-2", "clinical.requests.list", "site/pharma-1", "denied"),
            ("pharm-1", "clinical.stations.list", "site/*", "allowed"), ("cardio-1", "clinical.consultation.read", "consultation/visit-1", "denied"),
            ("cardio-1", "clinical.consultation.read", "consultation/visit-1", "allowed"), ("cardio-1", "clinical.patient.read", "patient/pat-1", "allowed"),
            ("cardio-2", "clinical.patient.read", "patient/pat-1", "denied")]);
        clinic.Gateway.RecentOutput.Should().NotContain(TestIns);
    }

    [Fact]
    public async Task Turnaround_is_served_per_request_and_per_specialty_and_priority_to_the_site_and_the_administrator()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await FileEcgRequestAsync(clinic, "req-2")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await FileEcgRequestAsync(clinic, "req-3", priority: "Routine")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings)).StatusCode.Should().Be(HttpStatusCode.OK);

        var one = await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1/turnaround"));
        one.GetProperty("acceptedAt").GetDateTimeOffset().Should().BeOnOrAfter(one.GetProperty("submittedAt").GetDateTimeOffset());
        one.GetProperty("answeredAt").GetDateTimeOffset().Should().BeOnOrAfter(one.GetProperty("acceptedAt").GetDateTimeOffset());
        one.GetProperty("toAnswerSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        one.GetProperty("overdue").GetBoolean().Should().BeFalse();
        (await clinic.Administrator.GetAsync("/api/clinical/requests/req-1/turnaround")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/requests/req-1/turnaround"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.Dermatologist.GetAsync("/api/clinical/requests/req-1/turnaround"), HttpStatusCode.Forbidden, "OtherSite");

        foreach (var (reader, path) in new[] { (clinic.Pharmacist, "/api/clinical/turnaround"), (clinic.Administrator, "/api/clinical/turnaround"),
            (clinic.Administrator, "/api/clinical/turnaround?site=pharma-1") })
        {
            var figures = (await JsonAsync(await reader.GetAsync(path))).EnumerateArray()
                .ToDictionary(f => f.GetProperty("priority").GetString()!, f => (Specialty: f.GetProperty("specialty").GetString(), Submitted: f.GetProperty("submitted").GetInt32(),
                    Answered: f.GetProperty("answered").GetInt32(), Median: f.GetProperty("medianToAnswerSeconds"), Overdue: f.GetProperty("overdue").GetInt32()));
            figures.Keys.Should().BeEquivalentTo(["Urgent", "Routine"], path);
            (figures["Urgent"].Specialty, figures["Urgent"].Submitted, figures["Urgent"].Answered, figures["Urgent"].Overdue).Should().Be(("cardiology", 2, 1, 0));
            figures["Urgent"].Median.GetDouble().Should().Be(one.GetProperty("toAnswerSeconds").GetDouble(), "one answered request: its own time is the median");
            (figures["Routine"].Submitted, figures["Routine"].Answered).Should().Be((1, 0));
            figures["Routine"].Median.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        }

        (await JsonAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/turnaround"))).EnumerateArray().Should().BeEmpty("their site filed nothing");
        await ShouldBeRefusedAsync(await clinic.OtherPharmacist.GetAsync("/api/clinical/turnaround?site=pharma-1"), HttpStatusCode.Forbidden, "OtherSite");
        await ShouldBeRefusedAsync(await clinic.Cardiologist.GetAsync("/api/clinical/turnaround"), HttpStatusCode.Forbidden, "WrongRole");
        (await AuditAsync(clinic.Gateway)).Should().Contain(e => e.Actor == "admin-1" && e.Action == "clinical.turnaround.aggregate" && e.Outcome == "allowed");
    }
}
