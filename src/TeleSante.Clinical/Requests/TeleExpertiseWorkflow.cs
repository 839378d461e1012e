using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Requests;

/// <summary>
/// The request state machine (see <see cref="RequestState"/>): every step checks who may take it, from which
/// state, and against the consultation and consent, and returns either the new request with its audit event
/// or a typed <see cref="Refusal"/>. Pure: the store loads what a step needs, calls it and writes the change
/// in one transaction. A withdrawn consent stops every step that shares the patient's data further
/// (create, submit, resubmit, accept); the accepting specialist may still sign what they already read.
/// </summary>
public sealed class TeleExpertiseWorkflow(TeleExpertiseOptions options)
{
    /// <summary>The actor id recorded for steps the system takes itself (expiry).</summary>
    public const string SystemActor = "system";

    private const int MaxText = 8000;

    public TeleExpertiseOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public Outcome<RequestChange> Create(NewRequest input, Consultation consultation, Consent consent, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Practitioner.Has(ClinicalRoles.Requester))
        {
            return new Refusal(RefusalCode.WrongRole, "a request is filed by a requester");
        }

        if (!actor.Practitioner.WorksAt(consultation.SiteId))
        {
            return new Refusal(RefusalCode.OtherSite, $"consultation {consultation.Id} is at site {consultation.SiteId}");
        }

        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        if (!consultation.IsOpen)
        {
            return new Refusal(RefusalCode.ConsultationClosed, $"consultation {consultation.Id} is closed");
        }

        if (consultation.ConsentId != consent.Id)
        {
            return new Refusal(RefusalCode.NotConsented, $"consent {consent.Id} is not the consultation's");
        }

        if (consent.CheckTeleExpertise(consultation.PatientId, input.Specialty) is { } notConsented)
        {
            return notConsented;
        }

        var request = new TeleExpertiseRequest(input.Id, consultation.Id, consultation.PatientId, consultation.SiteId, input.Kind,
            input.Specialty, input.Question.Trim(), input.ClinicalContext.Trim(), input.Attachments, input.Priority, RequestState.Draft,
            actor.Id, now, null, null, null, null, null, null, 1);
        return new RequestChange(request, new RequestEvent(request.Id, 1, RequestAction.Create, null, RequestState.Draft, actor.Id, actor.From, now, null));
    }

    public Outcome<RequestChange> Submit(TeleExpertiseRequest request, Consultation consultation, Consent consent, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(consent);
        if ((CheckRequester(request, actor) ?? CheckState(request, RequestAction.Submit, RequestState.Draft)) is { } refused)
        {
            return refused;
        }

        // Filed while the patient is there: a draft left behind when the consultation closed is not sent.
        if (!consultation.IsOpen)
        {
            return new Refusal(RefusalCode.ConsultationClosed, $"consultation {consultation.Id} is closed");
        }

        if (consent.CheckTeleExpertise(request.PatientId, request.Specialty) is { } notConsented)
        {
            return notConsented;
        }

        return Step(request, RequestAction.Submit, actor, now, null,
            request with { State = RequestState.Submitted, SubmittedAt = now, DueAt = now + Options.DueAfter(request.Priority) });
    }

    public Outcome<RequestChange> Accept(TeleExpertiseRequest request, Consent consent, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consent);
        if (CheckSpecialist(request, actor) is { } refused)
        {
            return refused;
        }

        if (request.AcceptedBy is { } accepter && request.State is RequestState.Accepted or RequestState.Answered or RequestState.Amended)
        {
            return new Refusal(RefusalCode.AlreadyAccepted, $"request {request.Id} was accepted by {accepter}");
        }

        if (CheckState(request, RequestAction.Accept, RequestState.Submitted) is { } wrongState)
        {
            return wrongState;
        }

        if (consent.CheckTeleExpertise(request.PatientId, request.Specialty) is { } notConsented)
        {
            return notConsented;
        }

        return Step(request, RequestAction.Accept, actor, now, null,
            request with { State = RequestState.Accepted, AcceptedBy = actor.Id, AcceptedAt = now });
    }

    /// <summary>Back to the requester with a reason: any specialist of the specialty while submitted, only the
    /// accepting one once accepted.</summary>
    public Outcome<RequestChange> Decline(TeleExpertiseRequest request, string reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((CheckSpecialist(request, actor) ?? CheckState(request, RequestAction.Decline, RequestState.Submitted, RequestState.Accepted)) is { } refused)
        {
            return refused;
        }

        if (request.State == RequestState.Accepted && request.AcceptedBy != actor.Id)
        {
            return new Refusal(RefusalCode.NotTheAcceptingSpecialist, $"request {request.Id} was accepted by {request.AcceptedBy}");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxText)
        {
            return new Refusal(RefusalCode.InvalidInput, "a decline says why (1 to 8000 characters)");
        }

        return Step(request, RequestAction.Decline, actor, now, reason,
            request with { State = RequestState.Declined, DeclineReason = reason, AcceptedBy = null, AcceptedAt = null });
    }

    /// <summary>The requester sends a declined request again, the question possibly reworded; a new due time runs.</summary>
    public Outcome<RequestChange> Resubmit(TeleExpertiseRequest request, string? revisedQuestion, Consent consent, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consent);
        if ((CheckRequester(request, actor) ?? CheckState(request, RequestAction.Resubmit, RequestState.Declined)) is { } refused)
        {
            return refused;
        }

        if (revisedQuestion is not null && (string.IsNullOrWhiteSpace(revisedQuestion) || revisedQuestion.Length > MaxText))
        {
            return new Refusal(RefusalCode.InvalidInput, "the question is 1 to 8000 characters");
        }

        if (consent.CheckTeleExpertise(request.PatientId, request.Specialty) is { } notConsented)
        {
            return notConsented;
        }

        return Step(request, RequestAction.Resubmit, actor, now, null, request with
        {
            State = RequestState.Submitted,
            Question = revisedQuestion?.Trim() ?? request.Question,
            SubmittedAt = now,
            DueAt = now + Options.DueAfter(request.Priority),
            DeclineReason = null,
        });
    }

    public Outcome<RequestChange> Cancel(TeleExpertiseRequest request, string reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((CheckRequester(request, actor)
            ?? CheckState(request, RequestAction.Cancel, RequestState.Draft, RequestState.Submitted, RequestState.Accepted, RequestState.Declined)) is { } refused)
        {
            return refused;
        }

        return string.IsNullOrWhiteSpace(reason)
            ? new Refusal(RefusalCode.InvalidInput, "a cancellation says why")
            : Step(request, RequestAction.Cancel, actor, now, reason, request with { State = RequestState.Cancelled });
    }

    /// <summary>A submitted request nobody accepted by its due time plus <see cref="TeleExpertiseOptions.ExpiryGrace"/>.</summary>
    public Outcome<RequestChange> Expire(TeleExpertiseRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckState(request, RequestAction.Expire, RequestState.Submitted) is { } refused)
        {
            return refused;
        }

        var expiresAt = request.DueAt!.Value + Options.ExpiryGrace;
        if (now < expiresAt)
        {
            return new Refusal(RefusalCode.NotDue, $"request {request.Id} expires at {expiresAt:O}");
        }

        return Step(request, RequestAction.Expire, new Actor(SystemPractitioner, SystemActor), now, null, request with { State = RequestState.Expired });
    }

    /// <summary>The accepting specialist signs the first report: the request is answered.</summary>
    public Outcome<ReportSigning> Answer(TeleExpertiseRequest request, EcgFindings findings, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(findings);
        if (request.State is RequestState.Answered or RequestState.Amended)
        {
            return new Refusal(RefusalCode.ReportAlreadySigned, $"request {request.Id} has a signed report: a correction is an amendment with its reason");
        }

        if ((CheckSigner(request, actor) ?? CheckState(request, RequestAction.Answer, RequestState.Accepted) ?? CheckKind(request) ?? findings.Check()) is { } refused)
        {
            return refused;
        }

        var report = new Report(request.Id, 1, findings, actor.Id, actor.Practitioner.DisplayName, actor.Practitioner.Rpps, now, null);
        var change = Step(request, RequestAction.Answer, actor, now, null, request with { State = RequestState.Answered, AnsweredAt = now });
        return new ReportSigning(change, report);
    }

    /// <summary>A correction: a new signed version with its reason; <paramref name="current"/> stays as it was.</summary>
    public Outcome<ReportSigning> Amend(TeleExpertiseRequest request, Report current, EcgFindings findings, string reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(findings);
        if ((CheckSigner(request, actor) ?? CheckState(request, RequestAction.Amend, RequestState.Answered, RequestState.Amended) ?? findings.Check()) is { } refused)
        {
            return refused;
        }

        if (current.RequestId != request.Id)
        {
            return new Refusal(RefusalCode.NotFound, $"report of request {current.RequestId} is not request {request.Id}'s");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxText)
        {
            return new Refusal(RefusalCode.InvalidInput, "a correction says why (1 to 8000 characters)");
        }

        var report = new Report(request.Id, current.Version + 1, findings, actor.Id, actor.Practitioner.DisplayName, actor.Practitioner.Rpps, now, reason);
        var change = Step(request, RequestAction.Amend, actor, now, reason, request with { State = RequestState.Amended });
        return new ReportSigning(change, report);
    }

    private static readonly Practitioner SystemPractitioner =
        new(SystemActor, "TeleSante", "system", default, "system", null, ClinicalRoles.None, []);

    private static RequestChange Step(TeleExpertiseRequest before, RequestAction action, Actor actor, DateTimeOffset now, string? detail, TeleExpertiseRequest after)
    {
        var next = after with { Version = before.Version + 1 };
        return new RequestChange(next, new RequestEvent(before.Id, next.Version, action, before.State, next.State, actor.Id, actor.From, now, detail));
    }

    private static Refusal? CheckState(TeleExpertiseRequest request, RequestAction action, params RequestState[] allowed) =>
        allowed.Contains(request.State)
            ? null
            : new Refusal(RefusalCode.WrongState, $"{action} is not possible for request {request.Id} in state {request.State}");

    private static Refusal? CheckRequester(TeleExpertiseRequest request, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return !actor.Practitioner.Has(ClinicalRoles.Requester) ? new Refusal(RefusalCode.WrongRole, "only a requester may do this")
            : actor.Id != request.RequestedBy ? new Refusal(RefusalCode.NotTheRequester, $"request {request.Id} is {request.RequestedBy}'s")
            : null;
    }

    private static Refusal? CheckSpecialist(TeleExpertiseRequest request, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return !actor.Practitioner.Has(ClinicalRoles.Specialist) ? new Refusal(RefusalCode.WrongRole, "only a specialist may do this")
            : actor.Practitioner.Specialty != request.Specialty
                ? new Refusal(RefusalCode.OtherSpecialty, $"request {request.Id} asks for {request.Specialty}, not {actor.Practitioner.Specialty ?? "no specialty"}")
            : null;
    }

    private static Refusal? CheckSigner(TeleExpertiseRequest request, Actor actor) =>
        CheckSpecialist(request, actor)
        ?? (request.AcceptedBy is { } accepter && accepter != actor.Id
            ? new Refusal(RefusalCode.NotTheAcceptingSpecialist, $"request {request.Id} was accepted by {accepter}: only they sign its report")
            : null);

    private static Refusal? CheckKind(TeleExpertiseRequest request) =>
        request.Kind == RequestKind.EcgInterpretation
            ? null
            : new Refusal(RefusalCode.InvalidInput, $"an ECG report does not answer a {request.Kind} request");

    private static Refusal? Validate(NewRequest input)
    {
        if (Identifiers.Check("request id", input.Id) is { } badId)
        {
            return new Refusal(RefusalCode.InvalidInput, badId);
        }

        if (!Enum.IsDefined(input.Kind) || !Enum.IsDefined(input.Priority))
        {
            return new Refusal(RefusalCode.InvalidInput, "unknown kind or priority");
        }

        if (string.IsNullOrWhiteSpace(input.Specialty) || string.IsNullOrWhiteSpace(input.Question) || input.Question.Length > MaxText
            || input.ClinicalContext is null || input.ClinicalContext.Length > MaxText)
        {
            return new Refusal(RefusalCode.InvalidInput, "a specialty and a question (1 to 8000 characters) are required; the context is at most 8000 characters");
        }

        if (input.Attachments is null || input.Attachments.IsEmpty)
        {
            return new Refusal(RefusalCode.InvalidInput, "attach the data to read (a recording, vitals or images)");
        }

        foreach (var range in input.Attachments.Recordings.Concat(input.Attachments.Vitals))
        {
            if (Identifiers.Check("device id", range.DeviceId) is { } badDevice)
            {
                return new Refusal(RefusalCode.InvalidInput, badDevice);
            }

            if (range.To <= range.From)
            {
                return new Refusal(RefusalCode.InvalidInput, $"the range of {range.DeviceId} ends before it starts");
            }
        }

        return input.Attachments.ImageIds.Select(id => Identifiers.Check("image id", id)).FirstOrDefault(e => e is not null) is { } badImage
            ? new Refusal(RefusalCode.InvalidInput, badImage)
            : null;
    }
}
