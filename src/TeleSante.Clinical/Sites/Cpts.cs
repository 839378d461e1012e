namespace TeleSante.Clinical.Sites;

/// <summary>A communauté professionnelle territoriale de santé: groups sites of one territory (worklists and
/// turnaround figures will be scoped by it).</summary>
public sealed record Cpts(string Id, string Name);
