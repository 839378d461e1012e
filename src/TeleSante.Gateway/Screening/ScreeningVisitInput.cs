namespace TeleSante.Gateway.Screening;

public sealed record ScreeningVisitInput(string ConsultationId, string CampaignId);
