namespace TeleSante.Clinical.Screening;

/// <summary>A yearly fundus screening campaign of a CPTS: the sites that take the photographs and the period.</summary>
public sealed record Campaign(string Id, string Name, IReadOnlyList<string> SiteIds, DateOnly StartsOn, DateOnly EndsOn, string CreatedBy, DateTimeOffset CreatedAt);
