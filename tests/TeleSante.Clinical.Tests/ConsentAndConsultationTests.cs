using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests;

public sealed class ConsentAndConsultationTests
{
    [Fact]
    public void A_site_operator_collects_consent_with_what_was_said_who_and_when()
    {
        var consent = ConsentRules.Collect("consent-2", ThePatient.Id, "ECG read by a cardiologist", ["cardiology"], true, "Dr Weber", As(Pharmacist), T0).Value;

        consent.Should().Match<Consent>(c => c.CollectedBy == Pharmacist.Id && c.CollectedAt == T0 && c.InformationGiven == "ECG read by a cardiologist"
            && !c.IsWithdrawn);
        consent.CheckTeleExpertise(ThePatient.Id, "cardiology").Should().BeNull();
        consent.CheckShareWithTreatingGp().Should().BeNull();
    }

    [Fact]
    public void Collecting_consent_is_refused_to_a_specialist_and_without_content()
    {
        ConsentRules.Collect("c", ThePatient.Id, "x", ["cardiology"], false, null, As(Cardiologist), T0).Refusal!.Code.Should().Be(RefusalCode.WrongRole);
        ConsentRules.Collect("c", ThePatient.Id, "", ["cardiology"], false, null, As(Pharmacist), T0).Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
        ConsentRules.Collect("c", ThePatient.Id, "x", [], false, null, As(Pharmacist), T0).Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
        ConsentRules.Collect("c", ThePatient.Id, "x", ["cardiology"], true, null, As(Pharmacist), T0).Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
    }

    [Fact]
    public void Sharing_with_the_gp_needs_its_own_agreement()
    {
        var consent = Consent() with { ShareReportWithTreatingGp = false };

        consent.CheckShareWithTreatingGp()!.Code.Should().Be(RefusalCode.NotConsented);
    }

    [Fact]
    public void A_withdrawal_is_recorded_and_stops_further_sharing()
    {
        var withdrawn = ConsentRules.Withdraw(Consent(), "does not want it any more", As(Pharmacist), T0.AddHours(2)).Value;

        withdrawn.Withdrawal.Should().Be(new ConsentWithdrawal(Pharmacist.Id, T0.AddHours(2), "does not want it any more"));
        withdrawn.CheckTeleExpertise(ThePatient.Id, "cardiology")!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
        withdrawn.CheckShareWithTreatingGp()!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
        ConsentRules.Withdraw(withdrawn, "again", As(Pharmacist), T0.AddHours(3)).Refusal!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
    }

    [Fact]
    public void A_consent_covers_only_its_patient_and_specialties()
    {
        Consent().CheckTeleExpertise("someone-else", "cardiology")!.Code.Should().Be(RefusalCode.NotConsented);
        Consent().CheckTeleExpertise(ThePatient.Id, "dermatology")!.Code.Should().Be(RefusalCode.NotConsented);
    }

    [Fact]
    public void A_site_operator_opens_a_consultation_at_a_free_station_of_their_site()
    {
        var consultation = ConsultationRules.Open("consult-9", Cabin, ThePatient.Id, Consent(), null, As(Pharmacist), T0).Value;

        consultation.Should().Be(new Consultation("consult-9", Pharmacy.Id, Cabin.Id, ThePatient.Id, "consent-1", Pharmacist.Id, T0, null, null));
        consultation.IsOpen.Should().BeTrue();
    }

    [Fact]
    public void Opening_is_refused_when_the_station_is_busy_the_role_or_site_is_wrong_or_consent_is_missing()
    {
        Code(ConsultationRules.Open("c9", Cabin, ThePatient.Id, Consent(), OpenConsultation, As(Pharmacist), T0)).Should().Be(RefusalCode.StationBusy);
        Code(ConsultationRules.Open("c9", Cabin, ThePatient.Id, Consent(), null, As(Cardiologist), T0)).Should().Be(RefusalCode.WrongRole);
        Code(ConsultationRules.Open("c9", Cabin, ThePatient.Id, Consent(), null, As(Nurse), T0)).Should().Be(RefusalCode.OtherSite);
        Code(ConsultationRules.Open("c9", Cabin, ThePatient.Id, Consent(withdrawn: true), null, As(Pharmacist), T0)).Should().Be(RefusalCode.ConsentWithdrawn);
        Code(ConsultationRules.Open("c9", Cabin, "pat-other", Consent(), null, As(Pharmacist), T0)).Should().Be(RefusalCode.NotConsented);
    }

    [Fact]
    public void Closing_records_who_and_when_once()
    {
        var closed = ConsultationRules.Close(OpenConsultation, As(OtherPharmacist), T0.AddMinutes(25)).Value;

        closed.Should().Match<Consultation>(c => !c.IsOpen && c.ClosedBy == OtherPharmacist.Id && c.ClosedAt == T0.AddMinutes(25));
        Code(ConsultationRules.Close(closed, As(Pharmacist), T0.AddMinutes(26))).Should().Be(RefusalCode.ConsultationClosed);
        Code(ConsultationRules.Close(OpenConsultation, As(Nurse), T0)).Should().Be(RefusalCode.OtherSite);
    }

    private static RefusalCode? Code<T>(Outcome<T> outcome) => outcome.Refusal?.Code;
}
