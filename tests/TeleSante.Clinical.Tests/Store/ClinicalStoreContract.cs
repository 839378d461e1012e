using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests.Store;

/// <summary>
/// The store suite, run on SQLite (<see cref="SqliteClinicalStoreTests"/>) and on a real PostgreSQL 15
/// (<see cref="PostgresClinicalStoreTests"/>): same tests, same store code, a fresh database per test.
/// </summary>
public abstract partial class ClinicalStoreContract : IAsyncLifetime
{
    private ClinicalDatabase? _database;

    protected FakeTimeProvider Clock { get; } = new(T0);

    protected ClinicalDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    protected ClinicalStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await Database.MigrateAsync();
        Store = new ClinicalStore(Database, new TeleExpertiseWorkflow(new TeleExpertiseOptions()), Clock);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>A new, empty database.</summary>
    protected abstract Task<ClinicalDatabase> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    [Fact]
    public async Task Migrations_apply_once_and_both_providers_know_the_same_numbers()
    {
        (await Database.MigrateAsync()).Should().BeEmpty();
        Migration.For(ClinicalProvider.Sqlite).Select(m => (m.Version, m.Name))
            .Should().Equal(Migration.For(ClinicalProvider.PostgreSql).Select(m => (m.Version, m.Name)));
        await using var connection = await Database.OpenAsync();
        (await Scalar(connection, "SELECT COUNT(*) FROM schema_migrations")).Should().Be(Database.Migrations.Count);
    }

    [Fact]
    public async Task Migrating_from_several_processes_at_once_applies_each_script_once()
    {
        await using var fresh = await CreateDatabaseAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => fresh.MigrateAsync())));

        applied.SelectMany(a => a).Should().Equal(fresh.Migrations.Select(m => m.Version));
    }

    [Fact]
    public async Task Directory_records_round_trip_and_the_ins_is_kept_whole()
    {
        await SeedAsync();

        (await Store.GetStationAsync(Cabin.Id)).Should().BeEquivalentTo(Cabin);
        (await Store.FindStationOfDeviceAsync("bp-1"))!.Id.Should().Be(Cabin.Id);
        (await Store.FindStationOfDeviceAsync("unknown")).Should().BeNull();
        (await Store.GetPractitionerAsync(Pharmacist.Id)).Should().BeEquivalentTo(Pharmacist);
        var patient = (await Store.GetPatientAsync(ThePatient.Id))!;
        patient.Ins!.Reveal().Should().Be("279035121518989");
        patient.Ins.Oid.Should().Be(Ins.NirTestOid);
        patient.Status.Should().Be(IdentityStatus.Qualified);
        patient.Should().Be(ThePatient);
    }

    [Fact]
    public async Task Duplicates_and_dangling_references_are_refused_not_thrown()
    {
        await SeedAsync();
        var twin = Patient.Create("pat-twin", TestIns, "PAT-TROIS", "DOMINIQUE", "DOMINIQUE", new DateOnly(1979, 3, 28), Sex.Female, "63220", true).Value;

        (await Store.AddPatientAsync(twin)).Refusal!.Code.Should().Be(RefusalCode.Duplicate);
        (await Store.AddSiteAsync(Pharmacy)).Refusal!.Code.Should().Be(RefusalCode.Duplicate);
        (await Store.AddStationAsync(new Station("cabin-9", "nowhere", "Cabine 9", StationKind.Cabin, []))).Refusal!.Code.Should().Be(RefusalCode.NotFound);
        (await Store.AddStationAsync(new Station("cabin-9", Pharmacy.Id, "Cabine 9", StationKind.Cabin, ["ecg-1"]))).Refusal!.Code
            .Should().Be(RefusalCode.Duplicate, "a device belongs to one station");
        (await Store.GetStationAsync("cabin-9")).Should().BeNull("the refused insert left nothing behind");
    }

    [Fact]
    public async Task The_whole_workflow_is_kept_with_its_audit_trail_and_every_report_version()
    {
        await SeedAsync();
        var consultation = await OpenAsync();

        Clock.Advance(TimeSpan.FromMinutes(5));
        (await Store.CreateRequestAsync(EcgRequest(), consultation.Id, As(Pharmacist))).Succeeded.Should().BeTrue();
        (await Store.SubmitAsync("req-1", As(Pharmacist))).Value.DueAt.Should().Be(T0.AddMinutes(5).AddHours(24));
        Clock.Advance(TimeSpan.FromMinutes(20));
        (await Store.AcceptAsync("req-1", new Actor(Cardiologist, "192.0.2.10"))).Value.AcceptedBy.Should().Be(Cardiologist.Id);
        Clock.Advance(TimeSpan.FromMinutes(15));
        var first = (await Store.AnswerAsync("req-1", Findings(), new Actor(Cardiologist, "192.0.2.10"))).Value.Report;
        Clock.Advance(TimeSpan.FromHours(2));
        (await Store.AmendAsync("req-1", Findings("Sinus rhythm, first-degree AV block") with { PrMs = 220, FreeText = "PR 220 ms" }, "PR re-measured",
            new Actor(Cardiologist, "192.0.2.10"))).Succeeded.Should().BeTrue();
        (await Store.CloseConsultationAsync(consultation.Id, As(Pharmacist))).Succeeded.Should().BeTrue();

        var request = (await Store.GetRequestAsync("req-1"))!;
        request.Should().BeEquivalentTo(new
        {
            State = RequestState.Amended,
            Version = 5,
            SubmittedAt = T0.AddMinutes(5),
            AcceptedAt = T0.AddMinutes(25),
            AnsweredAt = T0.AddMinutes(40),
            Attachments = EcgRequest().Attachments,
        });
        (await Store.GetEventsAsync("req-1")).Select(e => (e.Version, e.Action, e.ActorId, e.From, e.At)).Should().Equal(
            (1, RequestAction.Create, Pharmacist.Id, "10.0.0.7", T0.AddMinutes(5)),
            (2, RequestAction.Submit, Pharmacist.Id, "10.0.0.7", T0.AddMinutes(5)),
            (3, RequestAction.Accept, Cardiologist.Id, "192.0.2.10", T0.AddMinutes(25)),
            (4, RequestAction.Answer, Cardiologist.Id, "192.0.2.10", T0.AddMinutes(40)),
            (5, RequestAction.Amend, Cardiologist.Id, "192.0.2.10", T0.AddMinutes(160)));
        var reports = await Store.GetReportsAsync("req-1");
        reports.Should().HaveCount(2);
        reports[0].Should().Be(first);
        reports[0].SignerRpps.Should().Be(Cardiologist.Rpps);
        reports[1].Should().Match<Report>(r => r.Version == 2 && r.CorrectionReason == "PR re-measured" && r.Findings.PrMs == 220 && r.Findings.FreeText == "PR 220 ms");
        (await Store.GetConsultationAsync(consultation.Id))!.ClosedAt.Should().Be(T0.AddMinutes(160));
    }

    [Fact]
    public async Task Two_specialists_accepting_at_once_exactly_one_wins()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        const int requests = 12;
        for (var i = 0; i < requests; i++)
        {
            (await Store.CreateRequestAsync(EcgRequest($"req-{i}"), consultation.Id, As(Pharmacist))).Succeeded.Should().BeTrue();
            (await Store.SubmitAsync($"req-{i}", As(Pharmacist))).Succeeded.Should().BeTrue();
        }

        for (var i = 0; i < requests; i++)
        {
            using var start = new Barrier(2);
            var outcomes = await Task.WhenAll(new[] { Cardiologist, OtherCardiologist }.Select(c => Task.Run(async () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                return await Store.AcceptAsync($"req-{i}", As(c));
            })));

            outcomes.Count(o => o.Succeeded).Should().Be(1, $"req-{i}: {string.Join(", ", outcomes)}");
            outcomes.Single(o => !o.Succeeded).Refusal!.Code.Should().Be(RefusalCode.AlreadyAccepted);
            var winner = outcomes.Single(o => o.Succeeded).Value.AcceptedBy;
            (await Store.GetRequestAsync($"req-{i}"))!.AcceptedBy.Should().Be(winner);
            (await Store.GetEventsAsync($"req-{i}")).Count(e => e.Action == RequestAction.Accept).Should().Be(1);
        }
    }

    [Fact]
    public async Task Opening_a_second_consultation_at_a_station_is_refused_even_at_once()
    {
        await SeedAsync();
        (await Store.AddPatientAsync(Patient.Create("pat-2", null, "DURAND", "LEA", "LEA", new DateOnly(1990, 1, 1), Sex.Female, "46042", false).Value))
            .Succeeded.Should().BeTrue();
        (await Store.CollectConsentAsync("consent-2", "pat-2", "ECG", ["cardiology"], false, null, As(OtherPharmacist))).Succeeded.Should().BeTrue();

        using var start = new Barrier(2);
        var outcomes = await Task.WhenAll(
            Task.Run(async () => { start.SignalAndWait(TimeSpan.FromSeconds(10)); return await Store.OpenConsultationAsync("c-a", Cabin.Id, ThePatient.Id, "consent-1", As(Pharmacist)); }),
            Task.Run(async () => { start.SignalAndWait(TimeSpan.FromSeconds(10)); return await Store.OpenConsultationAsync("c-b", Cabin.Id, "pat-2", "consent-2", As(OtherPharmacist)); }));

        outcomes.Count(o => o.Succeeded).Should().Be(1);
        outcomes.Single(o => !o.Succeeded).Refusal!.Code.Should().Be(RefusalCode.StationBusy);
        var open = (await Store.GetOpenConsultationAtStationAsync(Cabin.Id))!;
        open.Id.Should().Be(outcomes.Single(o => o.Succeeded).Value.Id);

        (await Store.CloseConsultationAsync(open.Id, As(Pharmacist))).Succeeded.Should().BeTrue();
        (await Store.GetOpenConsultationAtStationAsync(Cabin.Id)).Should().BeNull();
        (await Store.OpenConsultationAsync("c-c", Cabin.Id, "pat-2", "consent-2", As(OtherPharmacist))).Succeeded.Should().BeTrue("the station is free again");
        (await Store.CloseConsultationAsync(open.Id, As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.ConsultationClosed);
    }

    [Fact]
    public async Task A_withdrawn_consent_stops_submission_and_acceptance()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        await Store.CreateRequestAsync(EcgRequest("req-a"), consultation.Id, As(Pharmacist));
        await Store.CreateRequestAsync(EcgRequest("req-b"), consultation.Id, As(Pharmacist));
        (await Store.SubmitAsync("req-b", As(Pharmacist))).Succeeded.Should().BeTrue();

        Clock.Advance(TimeSpan.FromMinutes(3));
        var withdrawn = (await Store.WithdrawConsentAsync("consent-1", "changed her mind", As(Pharmacist))).Value;

        withdrawn.Withdrawal!.At.Should().Be(T0.AddMinutes(3));
        (await Store.GetConsentAsync("consent-1"))!.Withdrawal.Should().Be(withdrawn.Withdrawal);
        (await Store.SubmitAsync("req-a", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
        (await Store.AcceptAsync("req-b", As(Cardiologist))).Refusal!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
        (await Store.CreateRequestAsync(EcgRequest("req-c"), consultation.Id, As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
        (await Store.GetRequestAsync("req-a"))!.State.Should().Be(RequestState.Draft, "a refused step changes nothing");
        (await Store.GetEventsAsync("req-a")).Should().ContainSingle();
    }

    [Fact]
    public async Task Refusals_reach_the_caller_through_the_store()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        await Store.CreateRequestAsync(EcgRequest(), consultation.Id, As(Pharmacist));

        (await Store.SubmitAsync("req-1", As(OtherPharmacist))).Refusal!.Code.Should().Be(RefusalCode.NotTheRequester);
        await Store.SubmitAsync("req-1", As(Pharmacist));
        (await Store.AcceptAsync("req-1", As(Dermatologist))).Refusal!.Code.Should().Be(RefusalCode.OtherSpecialty);
        (await Store.AcceptAsync("req-1", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
        await Store.AcceptAsync("req-1", As(Cardiologist));
        (await Store.AnswerAsync("req-1", Findings(), As(OtherCardiologist))).Refusal!.Code.Should().Be(RefusalCode.NotTheAcceptingSpecialist);
        (await Store.AmendAsync("req-1", Findings(), "early", As(Cardiologist))).Refusal!.Code.Should().Be(RefusalCode.WrongState);
        await Store.AnswerAsync("req-1", Findings(), As(Cardiologist));
        (await Store.AnswerAsync("req-1", Findings("edited"), As(Cardiologist))).Refusal!.Code.Should().Be(RefusalCode.ReportAlreadySigned);
        (await Store.SubmitAsync("missing", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.NotFound);
        (await Store.CloseConsultationAsync(consultation.Id, As(Pharmacist))).Succeeded.Should().BeTrue();
        (await Store.CreateRequestAsync(EcgRequest("req-late"), consultation.Id, As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.ConsultationClosed);
        (await Store.GetReportsAsync("req-1")).Should().ContainSingle().Which.Findings.Conclusion.Should().NotBe("edited");
    }

    [Fact]
    public async Task Signed_reports_and_the_audit_trail_cannot_be_rewritten_even_by_hand()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        await Store.CreateRequestAsync(EcgRequest(), consultation.Id, As(Pharmacist));
        await Store.SubmitAsync("req-1", As(Pharmacist));
        await Store.AcceptAsync("req-1", As(Cardiologist));
        (await Store.AnswerAsync("req-1", Findings(), As(Cardiologist))).Succeeded.Should().BeTrue();
        await using var connection = await Database.OpenAsync();

        foreach (var sql in new[]
        {
            "UPDATE ecg_findings SET conclusion = 'tampered'",
            "UPDATE reports SET signed_by = 'cardio-david'",
            "DELETE FROM reports",
            "UPDATE request_events SET actor_id = 'someone'",
            "DELETE FROM request_events",
        })
        {
            var run = async () =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            };
            (await run.Should().ThrowAsync<DbException>(sql)).Which.Message.Should().ContainAny("immutable", "append-only");
        }

        (await Store.GetReportsAsync("req-1")).Single().Findings.Should().Be(Findings());
    }

    [Fact]
    public async Task Declined_resubmitted_cancelled_and_expired_requests_are_kept()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        foreach (var id in new[] { "req-d", "req-c", "req-e" })
        {
            await Store.CreateRequestAsync(EcgRequest(id, Priority.Urgent), consultation.Id, As(Pharmacist));
            await Store.SubmitAsync(id, As(Pharmacist));
        }

        (await Store.DeclineAsync("req-d", "noisy", As(OtherCardiologist))).Value.State.Should().Be(RequestState.Declined);
        (await Store.ResubmitAsync("req-d", "new recording", As(Pharmacist))).Value.Question.Should().Be("new recording");
        (await Store.CancelAsync("req-c", "sent to the ED", As(Pharmacist))).Value.State.Should().Be(RequestState.Cancelled);
        (await Store.ExpireAsync("req-e")).Refusal!.Code.Should().Be(RefusalCode.NotDue);
        Clock.Advance(TimeSpan.FromHours(3)); // urgent: due 2 h, grace 1 h
        (await Store.ExpireAsync("req-e")).Value.State.Should().Be(RequestState.Expired);

        (await Store.GetRequestAsync("req-d"))!.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Submitted && r.DeclineReason == null);
        (await Store.GetEventsAsync("req-d")).Select(e => e.Action).Should().Equal(RequestAction.Create, RequestAction.Submit, RequestAction.Decline, RequestAction.Resubmit);
        (await Store.GetEventsAsync("req-d"))[2].Detail.Should().Be("noisy");
        (await Store.GetEventsAsync("req-e")).Last().ActorId.Should().Be(TeleExpertiseWorkflow.SystemActor);
    }

    [Fact]
    public async Task The_expiry_sweep_expires_exactly_the_submitted_requests_past_due_time_and_grace_at_the_injected_clock()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        foreach (var (id, priority) in new[] { ("req-u", Priority.Urgent), ("req-a", Priority.Urgent), ("req-r", Priority.Routine) })
        {
            await Store.CreateRequestAsync(EcgRequest(id, priority), consultation.Id, As(Pharmacist));
            await Store.SubmitAsync(id, As(Pharmacist));
        }

        await Store.AcceptAsync("req-a", As(Cardiologist));
        Clock.Advance(TimeSpan.FromHours(3) - TimeSpan.FromMilliseconds(1)); // urgent: due 2 h, grace 1 h
        (await Store.ExpireOverdueAsync()).Should().BeEmpty("one millisecond before due time + grace");

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await Store.ExpireOverdueAsync()).Select(r => (r.Id, r.State)).Should().Equal(("req-u", RequestState.Expired));
        (await Store.ExpireOverdueAsync()).Should().BeEmpty("an expired request is not expired twice");
        (await Store.GetRequestAsync("req-a"))!.State.Should().Be(RequestState.Accepted, "an accepted request is overdue, never expired");
        (await Store.GetRequestAsync("req-r"))!.State.Should().Be(RequestState.Submitted, "routine: due in 7 days");
        (await Store.GetEventsAsync("req-u")).Last().Should().Match<RequestEvent>(e => e.Action == RequestAction.Expire && e.ActorId == TeleExpertiseWorkflow.SystemActor);
    }

    [Fact]
    public async Task Requests_are_listed_by_site_consultation_patient_or_all_and_stations_by_site()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        await Store.CreateRequestAsync(EcgRequest("req-1"), consultation.Id, As(Pharmacist));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.CreateRequestAsync(EcgRequest("req-2"), consultation.Id, As(Pharmacist));

        (await Store.ListRequestsOfSiteAsync(Pharmacy.Id)).Select(r => r.Id).Should().Equal(["req-2", "req-1"], "newest first");
        (await Store.ListRequestsOfSiteAsync(Pharmacy.Id, OtherPharmacist.Id)).Should().BeEmpty();
        (await Store.ListRequestsOfSiteAsync(OtherSite.Id)).Should().BeEmpty();
        (await Store.ListRequestsOfConsultationAsync(consultation.Id)).Select(r => r.Id).Should().Equal("req-1", "req-2");
        (await Store.ListRequestsOfPatientAsync(ThePatient.Id)).Should().HaveCount(2);
        (await Store.ListRequestsAsync()).Select(r => r.Id).Should().BeEquivalentTo(["req-1", "req-2"], "every specialty (an administrator's turnaround)");
        (await Store.ListSitesOfPatientAsync(ThePatient.Id)).Should().Equal(Pharmacy.Id);
        (await Store.ListSitesOfPatientAsync("nobody")).Should().BeEmpty();
        (await Store.ListStationsOfSiteAsync(Pharmacy.Id)).Should().ContainSingle().Which.DeviceIds.Should().BeEquivalentTo(Cabin.DeviceIds);
        (await Store.ListStationsOfSiteAsync(OtherSite.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Turnaround_is_computed_from_stored_requests_at_the_injected_clock()
    {
        await SeedAsync();
        var consultation = await OpenAsync();
        foreach (var id in new[] { "req-1", "req-2", "req-3" })
        {
            await Store.CreateRequestAsync(EcgRequest(id, Priority.Urgent), consultation.Id, As(Pharmacist));
            await Store.SubmitAsync(id, As(Pharmacist));
        }

        Clock.Advance(TimeSpan.FromMinutes(30));
        await Store.AcceptAsync("req-1", As(Cardiologist));
        await Store.AnswerAsync("req-1", Findings(), As(Cardiologist));
        Clock.Advance(TimeSpan.FromMinutes(60));
        await Store.AcceptAsync("req-2", As(Cardiologist));
        await Store.AnswerAsync("req-2", Findings(), As(Cardiologist));
        Clock.Advance(TimeSpan.FromMinutes(31)); // req-3 is now 2 h 1 min old: overdue

        (await Store.GetTurnaroundAsync("cardiology")).Should().Equal(new Turnaround.TurnaroundFigures("cardiology", Priority.Urgent, 3, 2,
            TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(90), Overdue: 1, AnsweredLate: 0));
        (await Store.ListRequestsAsync("dermatology")).Should().BeEmpty();
    }

    protected async Task SeedAsync()
    {
        (await Store.AddCptsAsync(Sample.Cpts)).Succeeded.Should().BeTrue();
        (await Store.AddSiteAsync(Pharmacy)).Succeeded.Should().BeTrue();
        (await Store.AddSiteAsync(OtherSite)).Succeeded.Should().BeTrue();
        (await Store.AddStationAsync(Cabin)).Succeeded.Should().BeTrue();
        foreach (var practitioner in new[] { Pharmacist, OtherPharmacist, Nurse, Cardiologist, OtherCardiologist, Dermatologist, Administrator })
        {
            (await Store.AddPractitionerAsync(practitioner)).Succeeded.Should().BeTrue();
        }

        (await Store.AddPatientAsync(ThePatient)).Succeeded.Should().BeTrue();
        (await Store.CollectConsentAsync("consent-1", ThePatient.Id, "Tele-expertise by a cardiologist; report to Dr Weber", ["cardiology"], true, "Dr Weber",
            As(Pharmacist))).Succeeded.Should().BeTrue();
    }

    private async Task<Consultation> OpenAsync() =>
        (await Store.OpenConsultationAsync("consult-1", Cabin.Id, ThePatient.Id, "consent-1", As(Pharmacist))).Value;

    private static async Task<long> Scalar(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
