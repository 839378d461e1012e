using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests;

/// <summary>Every transition of the request state machine and every refusal, on the pure domain.</summary>
public sealed class WorkflowTests
{
    private readonly TeleExpertiseWorkflow _workflow = new(new TeleExpertiseOptions());

    // Creating

    [Fact]
    public void A_requester_creates_a_draft_from_an_open_consultation()
    {
        var change = _workflow.Create(EcgRequest(), OpenConsultation, Consent(), As(Pharmacist), T0.AddMinutes(6)).Value;

        change.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Draft && r.Version == 1 && r.RequestedBy == Pharmacist.Id
            && r.PatientId == ThePatient.Id && r.SiteId == Pharmacy.Id && r.SubmittedAt == null);
        change.Event.Should().Be(new RequestEvent("req-1", 1, RequestAction.Create, null, RequestState.Draft, Pharmacist.Id, "10.0.0.7", T0.AddMinutes(6), null));
    }

    [Fact]
    public void Creating_is_refused_to_a_specialist() =>
        Refused(_workflow.Create(EcgRequest(), OpenConsultation, Consent(), As(Cardiologist), T0), RefusalCode.WrongRole);

    [Fact]
    public void Creating_is_refused_to_a_requester_of_another_site() =>
        Refused(_workflow.Create(EcgRequest(), OpenConsultation, Consent(), As(Nurse), T0), RefusalCode.OtherSite);

    [Fact]
    public void Creating_is_refused_once_the_consultation_is_closed() =>
        Refused(_workflow.Create(EcgRequest(), ClosedConsultation, Consent(), As(Pharmacist), T0.AddHours(1)), RefusalCode.ConsultationClosed);

    [Fact]
    public void Creating_is_refused_after_the_consent_was_withdrawn() =>
        Refused(_workflow.Create(EcgRequest(), OpenConsultation, Consent(withdrawn: true), As(Pharmacist), T0.AddHours(1)), RefusalCode.ConsentWithdrawn);

    [Fact]
    public void Creating_is_refused_for_a_specialty_the_patient_did_not_agree_to() =>
        Refused(_workflow.Create(EcgRequest(specialty: "dermatology"), OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.NotConsented);

    [Fact]
    public void Creating_without_data_an_empty_question_or_a_backwards_range_is_refused()
    {
        var request = EcgRequest();
        Refused(_workflow.Create(request with { Attachments = AttachedData.None }, OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Create(request with { Question = " " }, OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Create(request with { Attachments = new AttachedData([new RecordingRange("ecg-1", T0, T0)], [], []) },
            OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Create(request with { Id = ".." }, OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.InvalidInput);
    }

    // Submitting

    [Theory]
    [InlineData(Priority.Urgent, 2)]
    [InlineData(Priority.SemiUrgent, 24)]
    [InlineData(Priority.Routine, 168)]
    public void Submitting_starts_the_due_time_of_the_priority(Priority priority, int hours)
    {
        var draft = Draft(priority);

        var submitted = _workflow.Submit(draft, OpenConsultation, Consent(), As(Pharmacist), T0.AddMinutes(10)).Value;

        submitted.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Submitted && r.Version == 2
            && r.SubmittedAt == T0.AddMinutes(10) && r.DueAt == T0.AddMinutes(10).AddHours(hours));
        submitted.Event.Should().Match<RequestEvent>(e => e.Action == RequestAction.Submit && e.FromState == RequestState.Draft && e.ToState == RequestState.Submitted);
    }

    [Fact]
    public void Submitting_is_refused_to_another_requester() =>
        Refused(_workflow.Submit(Draft(), OpenConsultation, Consent(), As(OtherPharmacist), T0), RefusalCode.NotTheRequester);

    [Fact]
    public void Submitting_is_refused_to_a_specialist() =>
        Refused(_workflow.Submit(Draft(), OpenConsultation, Consent(), As(Cardiologist), T0), RefusalCode.WrongRole);

    [Fact]
    public void Submitting_twice_is_refused() =>
        Refused(_workflow.Submit(Submitted(), OpenConsultation, Consent(), As(Pharmacist), T0), RefusalCode.WrongState);

    [Fact]
    public void Submitting_a_draft_after_the_consultation_closed_is_refused() =>
        Refused(_workflow.Submit(Draft(), ClosedConsultation, Consent(), As(Pharmacist), T0.AddHours(1)), RefusalCode.ConsultationClosed);

    [Fact]
    public void Submitting_after_the_consent_was_withdrawn_is_refused() =>
        Refused(_workflow.Submit(Draft(), OpenConsultation, Consent(withdrawn: true), As(Pharmacist), T0.AddHours(1)), RefusalCode.ConsentWithdrawn);

    // Accepting

    [Fact]
    public void A_cardiologist_accepts_a_submitted_cardiology_request()
    {
        var accepted = _workflow.Accept(Submitted(), Consent(), As(Cardiologist), T0.AddMinutes(40)).Value;

        accepted.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Accepted && r.AcceptedBy == Cardiologist.Id
            && r.AcceptedAt == T0.AddMinutes(40) && r.Version == 3);
    }

    [Fact]
    public void Accepting_is_refused_to_a_requester() =>
        Refused(_workflow.Accept(Submitted(), Consent(), As(Pharmacist), T0), RefusalCode.WrongRole);

    [Fact]
    public void Accepting_is_refused_to_a_specialist_of_another_specialty() =>
        Refused(_workflow.Accept(Submitted(), Consent(), As(Dermatologist), T0), RefusalCode.OtherSpecialty);

    [Fact]
    public void Accepting_a_request_another_specialist_accepted_is_refused()
    {
        var refusal = Refused(_workflow.Accept(Accepted(), Consent(), As(OtherCardiologist), T0.AddHours(1)), RefusalCode.AlreadyAccepted);
        refusal.Detail.Should().Contain(Cardiologist.Id);
    }

    [Fact]
    public void Accepting_a_draft_is_refused() =>
        Refused(_workflow.Accept(Draft(), Consent(), As(Cardiologist), T0), RefusalCode.WrongState);

    [Fact]
    public void Accepting_after_the_consent_was_withdrawn_is_refused() =>
        Refused(_workflow.Accept(Submitted(), Consent(withdrawn: true), As(Cardiologist), T0.AddHours(1)), RefusalCode.ConsentWithdrawn);

    // Declining and resubmitting

    [Fact]
    public void Any_cardiologist_declines_a_submitted_request_back_to_the_requester()
    {
        var declined = _workflow.Decline(Submitted(), "Recording too noisy, please record again", As(OtherCardiologist), T0.AddHours(1)).Value;

        declined.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Declined && r.DeclineReason == "Recording too noisy, please record again");
        declined.Event.Detail.Should().Be("Recording too noisy, please record again");
    }

    [Fact]
    public void The_accepting_cardiologist_declines_an_accepted_request()
    {
        var declined = _workflow.Decline(Accepted(), "Needs a 24 h Holter, not a tele-expertise", As(Cardiologist), T0.AddHours(1)).Value;

        declined.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Declined && r.AcceptedBy == null);
    }

    [Fact]
    public void Declining_a_request_someone_else_accepted_is_refused() =>
        Refused(_workflow.Decline(Accepted(), "no", As(OtherCardiologist), T0), RefusalCode.NotTheAcceptingSpecialist);

    [Fact]
    public void Declining_without_a_reason_is_refused() =>
        Refused(_workflow.Decline(Submitted(), "  ", As(Cardiologist), T0), RefusalCode.InvalidInput);

    [Fact]
    public void Declining_is_refused_to_another_specialty_and_from_a_draft()
    {
        Refused(_workflow.Decline(Submitted(), "no", As(Dermatologist), T0), RefusalCode.OtherSpecialty);
        Refused(_workflow.Decline(Draft(), "no", As(Cardiologist), T0), RefusalCode.WrongState);
    }

    [Fact]
    public void The_requester_resubmits_a_declined_request_with_a_new_due_time()
    {
        var declined = _workflow.Decline(Submitted(), "noisy", As(Cardiologist), T0.AddHours(1)).Value.Request;

        var again = _workflow.Resubmit(declined, "Palpitations: new recording attached", Consent(), As(Pharmacist), T0.AddHours(2)).Value.Request;

        again.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Submitted && r.Question == "Palpitations: new recording attached"
            && r.SubmittedAt == T0.AddHours(2) && r.DueAt == T0.AddHours(26) && r.DeclineReason == null);
    }

    [Fact]
    public void Resubmitting_is_refused_to_another_requester_from_another_state_or_without_consent()
    {
        var declined = _workflow.Decline(Submitted(), "noisy", As(Cardiologist), T0.AddHours(1)).Value.Request;

        Refused(_workflow.Resubmit(declined, null, Consent(), As(OtherPharmacist), T0), RefusalCode.NotTheRequester);
        Refused(_workflow.Resubmit(Submitted(), null, Consent(), As(Pharmacist), T0), RefusalCode.WrongState);
        Refused(_workflow.Resubmit(declined, null, Consent(withdrawn: true), As(Pharmacist), T0), RefusalCode.ConsentWithdrawn);
    }

    // Cancelling and expiring

    [Fact]
    public void The_requester_cancels_before_the_answer()
    {
        foreach (var request in new[] { Draft(), Submitted(), Accepted() })
        {
            _workflow.Cancel(request, "Patient sent to the emergency department", As(Pharmacist), T0.AddHours(1)).Value.Request.State
                .Should().Be(RequestState.Cancelled);
        }
    }

    [Fact]
    public void Cancelling_is_refused_after_the_answer_to_others_and_without_reason()
    {
        Refused(_workflow.Cancel(Answered().Change.Request, "late", As(Pharmacist), T0), RefusalCode.WrongState);
        Refused(_workflow.Cancel(Submitted(), "not mine", As(OtherPharmacist), T0), RefusalCode.NotTheRequester);
        Refused(_workflow.Cancel(Submitted(), "not mine", As(Cardiologist), T0), RefusalCode.WrongRole);
        Refused(_workflow.Cancel(Submitted(), "", As(Pharmacist), T0), RefusalCode.InvalidInput);
    }

    [Fact]
    public void A_submitted_request_nobody_accepted_expires_after_due_time_and_grace()
    {
        var submitted = Submitted(); // due T0 + 10 min + 24 h, grace 1 h
        var expiresAt = submitted.DueAt!.Value.AddHours(1);

        Refused(_workflow.Expire(submitted, expiresAt.AddTicks(-1)), RefusalCode.NotDue);
        var expired = _workflow.Expire(submitted, expiresAt).Value;

        expired.Request.State.Should().Be(RequestState.Expired);
        expired.Event.ActorId.Should().Be(TeleExpertiseWorkflow.SystemActor);
    }

    [Fact]
    public void An_accepted_request_does_not_expire() =>
        Refused(_workflow.Expire(Accepted(), T0.AddDays(30)), RefusalCode.WrongState);

    // Signing

    [Fact]
    public void The_accepting_cardiologist_signs_the_report_and_the_request_is_answered()
    {
        var signing = _workflow.Answer(Accepted(), Findings(), As(Cardiologist), T0.AddHours(3)).Value;

        signing.Change.Request.Should().Match<TeleExpertiseRequest>(r => r.State == RequestState.Answered && r.AnsweredAt == T0.AddHours(3));
        signing.Report.Should().Be(new Report("req-1", 1, Findings(), Cardiologist.Id, "Claire Bernard", Cardiologist.Rpps, T0.AddHours(3), null));
    }

    [Fact]
    public void Signing_someone_elses_request_is_refused() =>
        Refused(_workflow.Answer(Accepted(), Findings(), As(OtherCardiologist), T0), RefusalCode.NotTheAcceptingSpecialist);

    [Fact]
    public void Signing_is_refused_to_a_requester_and_before_acceptance()
    {
        Refused(_workflow.Answer(Accepted(), Findings(), As(Pharmacist), T0), RefusalCode.WrongRole);
        Refused(_workflow.Answer(Submitted(), Findings(), As(Cardiologist), T0), RefusalCode.WrongState);
    }

    [Fact]
    public void Editing_a_signed_report_is_refused()
    {
        var answered = Answered().Change.Request;

        var refusal = Refused(_workflow.Answer(answered, Findings("Atrial fibrillation"), As(Cardiologist), T0.AddHours(4)), RefusalCode.ReportAlreadySigned);
        refusal.Detail.Should().Contain("amendment");
    }

    [Fact]
    public void Implausible_findings_are_refused()
    {
        Refused(_workflow.Answer(Accepted(), Findings() with { RateBpm = 720 }, As(Cardiologist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Answer(Accepted(), Findings() with { QtcMs = 41 }, As(Cardiologist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Answer(Accepted(), Findings() with { AxisDegrees = 270 }, As(Cardiologist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Answer(Accepted(), Findings(conclusion: ""), As(Cardiologist), T0), RefusalCode.InvalidInput);
    }

    [Fact]
    public void The_accepting_specialist_may_still_sign_after_a_withdrawal_what_they_already_read()
    {
        // Withdrawal stops further sharing; the reading already done is reported (and the report is not sent to the GP).
        _workflow.Answer(Accepted(), Findings(), As(Cardiologist), T0.AddHours(3)).Succeeded.Should().BeTrue();
        Consent(withdrawn: true).CheckShareWithTreatingGp()!.Code.Should().Be(RefusalCode.ConsentWithdrawn);
    }

    // Amending

    [Fact]
    public void A_correction_is_a_new_signed_version_with_its_reason()
    {
        var first = Answered();

        var second = _workflow.Amend(first.Change.Request, first.Report, Findings("Sinus rhythm, first-degree AV block"), "PR re-measured: 220 ms",
            As(Cardiologist), T0.AddHours(5)).Value;
        var third = _workflow.Amend(second.Change.Request, second.Report, Findings("Sinus rhythm, first-degree AV block; LVH"), "voltage criteria",
            As(Cardiologist), T0.AddHours(6)).Value;

        second.Report.Should().Match<Report>(r => r.Version == 2 && r.CorrectionReason == "PR re-measured: 220 ms" && r.SignedAt == T0.AddHours(5));
        second.Change.Request.State.Should().Be(RequestState.Amended);
        third.Report.Version.Should().Be(3);
        first.Report.Findings.Conclusion.Should().Be("Sinus rhythm, no acute abnormality");
    }

    [Fact]
    public void Amending_is_refused_to_others_without_reason_and_before_an_answer()
    {
        var first = Answered();

        Refused(_workflow.Amend(first.Change.Request, first.Report, Findings(), "typo", As(OtherCardiologist), T0), RefusalCode.NotTheAcceptingSpecialist);
        Refused(_workflow.Amend(first.Change.Request, first.Report, Findings(), " ", As(Cardiologist), T0), RefusalCode.InvalidInput);
        Refused(_workflow.Amend(Accepted(), first.Report, Findings(), "typo", As(Cardiologist), T0), RefusalCode.WrongState);
    }

    [Fact]
    public void Every_step_is_audited_with_who_when_and_from_where()
    {
        var events = new List<RequestEvent>();
        var create = _workflow.Create(EcgRequest(), OpenConsultation, Consent(), new Actor(Pharmacist, "cabin-1"), T0.AddMinutes(6)).Value;
        events.Add(create.Event);
        var submit = _workflow.Submit(create.Request, OpenConsultation, Consent(), new Actor(Pharmacist, "cabin-1"), T0.AddMinutes(7)).Value;
        events.Add(submit.Event);
        var accept = _workflow.Accept(submit.Request, Consent(), new Actor(Cardiologist, "192.0.2.10"), T0.AddMinutes(30)).Value;
        events.Add(accept.Event);
        events.Add(_workflow.Answer(accept.Request, Findings(), new Actor(Cardiologist, "192.0.2.10"), T0.AddMinutes(45)).Value.Change.Event);

        events.Select(e => (e.Version, e.Action, e.FromState, e.ToState, e.ActorId, e.From, e.At)).Should().Equal(
            (1, RequestAction.Create, (RequestState?)null, RequestState.Draft, Pharmacist.Id, "cabin-1", T0.AddMinutes(6)),
            (2, RequestAction.Submit, RequestState.Draft, RequestState.Submitted, Pharmacist.Id, "cabin-1", T0.AddMinutes(7)),
            (3, RequestAction.Accept, RequestState.Submitted, RequestState.Accepted, Cardiologist.Id, "192.0.2.10", T0.AddMinutes(30)),
            (4, RequestAction.Answer, RequestState.Accepted, RequestState.Answered, Cardiologist.Id, "192.0.2.10", T0.AddMinutes(45)));
    }

    private TeleExpertiseRequest Draft(Priority priority = Priority.SemiUrgent) =>
        _workflow.Create(EcgRequest(priority: priority), OpenConsultation, Consent(), As(Pharmacist), T0.AddMinutes(6)).Value.Request;

    private TeleExpertiseRequest Submitted() => _workflow.Submit(Draft(), OpenConsultation, Consent(), As(Pharmacist), T0.AddMinutes(10)).Value.Request;

    private TeleExpertiseRequest Accepted() => _workflow.Accept(Submitted(), Consent(), As(Cardiologist), T0.AddMinutes(40)).Value.Request;

    private ReportSigning Answered() => _workflow.Answer(Accepted(), Findings(), As(Cardiologist), T0.AddHours(3)).Value;

    private static Refusal Refused<T>(Outcome<T> outcome, RefusalCode code)
    {
        outcome.Succeeded.Should().BeFalse($"{code} was expected, got {outcome}");
        outcome.Refusal!.Code.Should().Be(code, outcome.Refusal.Detail);
        return outcome.Refusal;
    }
}
