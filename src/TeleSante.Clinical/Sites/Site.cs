namespace TeleSante.Clinical.Sites;

/// <summary>A pharmacy, nurse-led point or MSP, optionally member of a <see cref="Cpts"/>. <see cref="Id"/> is the
/// site id devices and practitioners already carry (TeleSante.Access).</summary>
public sealed record Site(string Id, string Name, SiteKind Kind, string? CptsId);
