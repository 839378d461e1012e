namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/admin/sites. Kind: Pharmacy, NurseLedPoint or Msp.</summary>
public sealed record SiteBody(string Id, string Name, string Kind);
