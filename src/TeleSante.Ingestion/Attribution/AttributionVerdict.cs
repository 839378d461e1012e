using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion.Attribution;

/// <summary>What <see cref="IReadingAttribution.Check"/> decided: allowed (the default value, no allocation on
/// the hot path) or the typed refusal with its detail.</summary>
public readonly record struct AttributionVerdict(RejectReason Reason, string? Detail)
{
    public static AttributionVerdict Allowed => default;

    public bool IsAllowed => Reason == RejectReason.Unspecified;
}
