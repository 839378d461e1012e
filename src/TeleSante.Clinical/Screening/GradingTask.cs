namespace TeleSante.Clinical.Screening;

/// <summary>A visit waiting in a grader's worklist, at the step they may take; <paramref name="SentAt"/> is when its operator sent it
/// to grading (the grading request's time, shown in the tele-expertise worklist).</summary>
public sealed record GradingTask(string VisitId, string CampaignId, string SiteId, DateOnly ScreenedOn, GradingStage Stage, DateTimeOffset RegisteredAt, DateTimeOffset SentAt);
