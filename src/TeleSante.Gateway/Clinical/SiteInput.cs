namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/admin/sites. <see cref="Kind"/>: Pharmacy, NurseLedPoint or Msp.</summary>
internal sealed record SiteInput(string Id, string Name, string Kind);
