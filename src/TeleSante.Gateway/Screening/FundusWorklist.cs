using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;

namespace TeleSante.Gateway.Screening;

/// <summary>
/// A screening visit's grading request as an item of the tele-expertise worklist (issue 13: "a grading request per visit, in
/// the graders' worklist, kind fundus"). Nothing is copied into the tele-expertise requests: the item is read from the
/// screening store, whose grading stage is its <c>state</c> (AwaitingFirstGrading, AwaitingSecondGrading,
/// AwaitingArbitration, Final), so the worklist and the grading page can never disagree. A grader's items are the visits
/// sent to grading at a step they may take (<see cref="ScreeningStore.WorklistAsync"/>, the rules of
/// <see cref="GradingWorkflow.MayGradeNow"/>): the graders are the pool, as a specialty is for ECG requests.
/// </summary>
internal static class FundusWorklist
{
    public static bool IsGrader(Practitioner practitioner) =>
        practitioner.Has(ClinicalRoles.Grader) || practitioner.Has(ClinicalRoles.ArbitrationGrader);

    public static async Task<IReadOnlyList<object>> ReadAsync(ScreeningStore store, Practitioner practitioner, CancellationToken cancellationToken) =>
        IsGrader(practitioner)
            ? [.. (await store.WorklistAsync(practitioner, cancellationToken)).Select(t => Item(t.VisitId, t.CampaignId, t.SiteId, t.ScreenedOn, t.Stage, t.SentAt, yourStep: true))]
            : [];

    /// <summary>The visit as a worklist item, or null while it is not sent to grading (not a request yet).</summary>
    public static object? Item(ScreeningVisit visit, bool yourStep) => visit.Sent is { } sent
        ? Item(visit.Grading.VisitId, visit.CampaignId, visit.SiteId, visit.ScreenedOn, visit.Grading.Stage, sent.SentAt, yourStep)
        : null;

    /// <summary>
    /// The worklist item. Screening grading has no requester's priority nor due time (the deadlines start from the final
    /// grade): both are null, never guessed. <c>yourStep</c> says whether the reader may take the visit's current step; a
    /// page keeps a fundus item while it is true (a notification after a colleague's grading may say false).
    /// </summary>
    private static object Item(string visitId, string campaignId, string siteId, DateOnly screenedOn, GradingStage stage, DateTimeOffset sentAt, bool yourStep) => new
    {
        Id = visitId,
        ConsultationId = visitId,
        SiteId = siteId,
        Kind = nameof(RequestKind.FundusGrading),
        Specialty = (string?)null,
        Question = "Grade the diabetic retinopathy screening photographs: " + StepText(stage),
        Priority = (string?)null,
        State = stage.ToString(),
        SubmittedAt = sentAt,
        DueAt = (DateTimeOffset?)null,
        Overdue = false,
        CampaignId = campaignId,
        ScreenedOn = screenedOn,
        YourStep = yourStep,
        Open = "/clinical/grading.html?visit=" + Uri.EscapeDataString(visitId),
    };

    private static string StepText(GradingStage stage) => stage switch
    {
        GradingStage.AwaitingFirstGrading => "first grading",
        GradingStage.AwaitingSecondGrading => "second grading",
        GradingStage.AwaitingArbitration => "arbitration",
        _ => "graded (final)",
    };
}
