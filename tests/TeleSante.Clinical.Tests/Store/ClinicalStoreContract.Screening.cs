using System.Data.Common;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests.Store;

// Issue 13: screening campaigns kept on both providers.
public abstract partial class ClinicalStoreContract
{
    private static readonly EyeFeatures Clear = new();
    private static readonly EyeFeatures PreProliferative = new() { Irma = true };
    private static readonly EyeFeatures Proliferative = new() { NewVesselsOnDisc = true };
    private static readonly DateOnly CampaignStart = new(2026, 3, 1);

    private ScreeningStore Screening(double secondGradingShare = 0) => new(Database, new ScreeningOptions { SecondGradingShare = secondGradingShare }, Clock);

    private async Task<ScreeningStore> CampaignWithVisitAsync(double secondGradingShare = 0, bool send = true)
    {
        await SeedAsync();
        foreach (var grader in new[] { Grader, OtherGrader, Arbiter })
        {
            (await Store.AddPractitionerAsync(grader)).Succeeded.Should().BeTrue();
        }

        var screening = Screening(secondGradingShare);
        (await screening.CreateCampaignAsync("dr-2026", "Dépistage rétinopathie 2026", [Pharmacy.Id, OtherSite.Id], CampaignStart, new DateOnly(2026, 12, 31),
            As(Administrator))).Succeeded.Should().BeTrue();
        (await screening.EnrolAsync("dr-2026", ThePatient.Id, Pharmacy.Id, new DateOnly(2025, 2, 1), 0, false, As(Pharmacist))).Succeeded.Should().BeTrue();
        (await Store.OpenConsultationAsync("consult-1", Cabin.Id, ThePatient.Id, "consent-1", As(Pharmacist))).Succeeded.Should().BeTrue();
        (await screening.RegisterVisitAsync("consult-1", "dr-2026", As(Pharmacist))).Succeeded.Should().BeTrue();
        if (send)
        {
            // These tests are about grading, not capture: the visit goes to grading without photographs, with the reason.
            (await screening.SendToGradingAsync("consult-1", "grading test: no photographs", As(Pharmacist))).Succeeded.Should().BeTrue();
        }

        return screening;
    }

    [Fact]
    public async Task Screening_due_list_follows_each_patients_history()
    {
        await SeedAsync();
        foreach (var (id, family) in new[] { ("pat-new", "NOUVEAU"), ("pat-late", "RETARD"), ("pat-recent", "RECENT"), ("pat-clinic", "SUIVI"), ("pat-low", "FAIBLE") })
        {
            (await Store.AddPatientAsync(Patients.Patient.Create(id, null, family, "ALEX", "ALEX", new DateOnly(1960, 5, 5), Patients.Sex.Male, "46042", false).Value))
                .Succeeded.Should().BeTrue();
        }

        var screening = Screening();
        (await screening.CreateCampaignAsync("dr-2026", "Dépistage 2026", [Pharmacy.Id], CampaignStart, new DateOnly(2026, 12, 31), As(Administrator))).Succeeded.Should().BeTrue();
        await Enrol("pat-new", null, 0, false);
        await Enrol("pat-late", new DateOnly(2025, 1, 15), 0, false);
        await Enrol("pat-recent", new DateOnly(2025, 11, 2), 0, false);
        await Enrol("pat-clinic", new DateOnly(2025, 1, 15), 0, true);
        await Enrol("pat-low", new DateOnly(2025, 1, 15), 2, false);

        var due = await screening.DueListAsync("dr-2026", new DateOnly(2026, 4, 1));

        due.Select(e => (e.PatientId, e.NextDue)).Should().Equal(("pat-late", new DateOnly(2026, 1, 15)), ("pat-new", CampaignStart));
        (await screening.DueListAsync("dr-2026", new DateOnly(2027, 2, 1))).Select(e => e.PatientId).Should().Equal("pat-late", "pat-new", "pat-recent", "pat-low");
        (await screening.EnrolAsync("dr-2026", "pat-new", Pharmacy.Id, null, 0, false, As(Administrator))).Refusal!.Code.Should().Be(RefusalCode.Duplicate);
        (await screening.EnrolAsync("dr-2026", "pat-1", OtherSite.Id, null, 0, false, As(Administrator))).Refusal!.Code.Should().Be(RefusalCode.OtherSite);
        (await screening.EnrolAsync("dr-2026", "pat-1", Pharmacy.Id, null, 0, false, As(Nurse))).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
        (await screening.CreateCampaignAsync("dr-2027", "x", [Pharmacy.Id], CampaignStart, CampaignStart, As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.WrongRole);

        async Task Enrol(string patient, DateOnly? last, int noRetinopathy, bool clinic) =>
            (await screening.EnrolAsync("dr-2026", patient, Pharmacy.Id, last, noRetinopathy, clinic, As(Pharmacist))).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Screening_visit_is_registered_by_an_operator_of_its_site_for_an_enrolled_patient()
    {
        var screening = await CampaignWithVisitAsync();

        (await screening.RegisterVisitAsync("consult-1", "dr-2026", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.Duplicate);
        (await screening.RegisterVisitAsync("consult-1", "dr-2026", As(Nurse))).Refusal!.Code.Should().Be(RefusalCode.OtherSite);
        (await screening.RegisterVisitAsync("nope", "dr-2026", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.NotFound);
        (await screening.WorklistAsync(Grader)).Select(t => (t.VisitId, t.Stage)).Should().Equal(("consult-1", GradingStage.AwaitingFirstGrading));
        (await screening.WorklistAsync(Cardiologist)).Should().BeEmpty();
    }

    [Fact]
    public async Task Screening_disagreement_is_arbitrated_and_the_final_grade_opens_a_tracked_referral()
    {
        var screening = await CampaignWithVisitAsync();

        (await screening.SubmitGradingAsync("consult-1", As(Grader), PreProliferative, Clear)).Value.Stage.Should().Be(GradingStage.AwaitingSecondGrading);
        (await screening.WorklistAsync(Grader)).Should().BeEmpty("a grader never second-grades their own grading");
        (await screening.WorklistAsync(OtherGrader)).Should().ContainSingle(t => t.Stage == GradingStage.AwaitingSecondGrading);
        (await screening.SubmitGradingAsync("consult-1", As(Grader), PreProliferative, Clear)).Refusal!.Code.Should().Be(RefusalCode.OwnGrading);

        Clock.Advance(TimeSpan.FromHours(20));
        (await screening.SubmitGradingAsync("consult-1", As(OtherGrader), Proliferative, Clear)).Value.Stage.Should().Be(GradingStage.AwaitingArbitration);
        (await screening.WorklistAsync(OtherGrader)).Should().BeEmpty();
        (await screening.WorklistAsync(Arbiter)).Should().ContainSingle(t => t.Stage == GradingStage.AwaitingArbitration);

        Clock.Advance(TimeSpan.FromHours(4));
        var final = (await screening.SubmitGradingAsync("consult-1", As(Arbiter), Proliferative, Clear)).Value;
        final.Final!.Grade.Outcome.Should().Be(ScreeningOutcome.UrgentReferral);
        (await screening.SubmitGradingAsync("consult-1", As(Arbiter), Clear, Clear)).Refusal!.Code.Should().Be(RefusalCode.GradeFinal);

        var stored = (await screening.GetVisitAsync("consult-1"))!.Grading;
        stored!.Differences.Select(d => d.ToString()).Should().Equal("right eye retinopathy: R2 vs R3A");
        stored.Final!.GraderId.Should().Be(Arbiter.Id);
        var referral = (await screening.ReferralsAsync("dr-2026")).Should().ContainSingle().Subject;
        referral.Should().Match<ReferralStatus>(r => r.Outcome == ScreeningOutcome.UrgentReferral && r.Deadline == T0.AddHours(24).AddDays(14) && !r.Overdue);
        var enrolment = await screening.GetEnrolmentAsync("dr-2026", ThePatient.Id);
        enrolment.Should().Match<Enrolment>(e => e.UnderEyeClinic && e.NextDue == null && e.LastScreenedOn == DateOnly.FromDateTime(T0.UtcDateTime));

        await using var connection = await Database.OpenAsync();
        await using var rewrite = connection.CreateCommand();
        rewrite.CommandText = "UPDATE screening_gradings SET right_code = 'R0M0'";
        await rewrite.Invoking(c => c.ExecuteNonQueryAsync()).Should().ThrowAsync<DbException>("gradings are append-only");
    }

    [Fact]
    public async Task Screening_referral_becomes_overdue_at_its_deadline_until_its_outcome_is_recorded()
    {
        var screening = await CampaignWithVisitAsync();
        await screening.SubmitGradingAsync("consult-1", As(Grader), PreProliferative, Clear);
        await screening.SubmitGradingAsync("consult-1", As(OtherGrader), PreProliferative with { Microaneurysms = true }, Clear);

        Clock.Advance(TimeSpan.FromDays(92));
        (await screening.ReferralsAsync("dr-2026")).Single().Should().Match<ReferralStatus>(r => r.Outcome == ScreeningOutcome.RoutineReferral && r.Overdue);
        (await screening.DashboardAsync("dr-2026")).Single(f => f.SiteId == "*").OverdueReferrals.Should().Be(1);

        var seenOn = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        (await screening.RecordReferralOutcomeAsync("consult-1", seenOn, "PRP planned", As(Grader))).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
        (await screening.RecordReferralOutcomeAsync("consult-1", seenOn.AddDays(1), "PRP planned", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
        (await screening.RecordReferralOutcomeAsync("consult-1", seenOn, "PRP planned", As(Pharmacist))).Value.Overdue.Should().BeFalse();
        (await screening.RecordReferralOutcomeAsync("consult-1", seenOn, "again", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.WrongState);
        (await screening.ReferralsAsync("dr-2026")).Single().Should().Match<ReferralStatus>(r => !r.Overdue && r.ClinicOutcome == "PRP planned");
    }

    [Fact]
    public async Task Screening_result_without_retinopathy_sets_the_recall_and_the_dashboard_counts_it()
    {
        var screening = await CampaignWithVisitAsync();
        Clock.Advance(TimeSpan.FromHours(30));

        (await screening.SubmitGradingAsync("consult-1", As(Grader), Clear, Clear)).Value.Stage.Should().Be(GradingStage.Final);

        (await screening.ReferralsAsync("dr-2026")).Should().BeEmpty();
        (await screening.GetEnrolmentAsync("dr-2026", ThePatient.Id)).Should().Match<Enrolment>(e =>
            e.ConsecutiveNoRetinopathy == 1 && !e.UnderEyeClinic && e.NextDue == DateOnly.FromDateTime(T0.UtcDateTime).AddMonths(12));
        var figures = await screening.DashboardAsync("dr-2026");
        figures.Select(f => f.SiteId).Should().Equal(OtherSite.Id, Pharmacy.Id, "*");
        figures.Single(f => f.SiteId == Pharmacy.Id).Should().BeEquivalentTo(new SiteFigures(Pharmacy.Id, 1, 1, 1, 1.0, 0.0, 0, 30.0, 0));
        figures.Single(f => f.SiteId == OtherSite.Id).Should().BeEquivalentTo(new SiteFigures(OtherSite.Id, 0, 0, 0, null, null, 0, null, 0));
    }

    [Fact]
    public async Task Screening_agreement_per_grader_comes_from_the_stored_double_gradings()
    {
        var screening = await CampaignWithVisitAsync(secondGradingShare: 1.0);
        await screening.SubmitGradingAsync("consult-1", As(Grader), Clear, Clear);
        await screening.SubmitGradingAsync("consult-1", As(OtherGrader), Clear, Clear);

        var agreement = await screening.GraderAgreementAsync("dr-2026");

        agreement.Keys.Should().BeEquivalentTo(Grader.Id, OtherGrader.Id);
        agreement[Grader.Id].Should().Match<KappaResult>(k => k.Pairs == 2 && k.ObservedAgreement == 1.0 && k.Kappa == null);
    }
}
