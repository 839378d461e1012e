namespace TeleSante.Clinical.Screening;

/// <summary>A visit waiting in a grader's worklist, at the step they may take.</summary>
public sealed record GradingTask(string VisitId, string CampaignId, string SiteId, DateOnly ScreenedOn, GradingStage Stage, DateTimeOffset RegisteredAt);
