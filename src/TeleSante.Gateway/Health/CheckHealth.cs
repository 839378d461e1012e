namespace TeleSante.Gateway.Health;

/// <summary>The background check /health answers from: when it last finished, its age at answer time,
/// how long it took, and whether it is older than Health:StaleAfter.</summary>
internal sealed record CheckHealth(DateTimeOffset At, long AgeMs, long DurationMs, bool Stale);
