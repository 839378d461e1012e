namespace TeleSante.Gateway.Screening;

public sealed record CampaignInput(string Id, string Name, IReadOnlyList<string>? SiteIds, DateOnly StartsOn, DateOnly EndsOn);
