using MessagePack;

namespace TeleSante.LiveView;

/// <summary>Sent to a viewer whose access to the session ended while it watched (assignment removed,
/// practitioner disabled, token expired), just before the gateway closes its connection.</summary>
[MessagePackObject]
public sealed record LiveRevocation
{
    [Key("sessionId")]
    public string SessionId { get; init; } = string.Empty;

    /// <summary>Why, in words for the practitioner (e.g. "access to this session was withdrawn").</summary>
    [Key("reason")]
    public string Reason { get; init; } = string.Empty;
}
