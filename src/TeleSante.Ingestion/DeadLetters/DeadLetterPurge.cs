namespace TeleSante.Ingestion.DeadLetters;

/// <summary>Dead letters of one device and reason deleted by one retention run: what remains known of
/// them once they are gone, so that a purge never hides a flood (which device, which reason, how many,
/// when).</summary>
/// <param name="PurgedAt">When retention deleted them.</param>
/// <param name="Cause">"age" (older than DeadLetters:MaxAge) or "size" (over DeadLetters:MaxTotalBytes).</param>
/// <param name="DeviceId">The device, when it was known.</param>
/// <param name="Reason">The refusal reason.</param>
/// <param name="Letters">How many were deleted.</param>
/// <param name="Bytes">Their stored payload and detail bytes.</param>
/// <param name="FirstReceivedAt">The oldest one's arrival.</param>
/// <param name="LastReceivedAt">The newest one's arrival.</param>
public sealed record DeadLetterPurge(
    DateTimeOffset PurgedAt,
    string Cause,
    string? DeviceId,
    string Reason,
    long Letters,
    long Bytes,
    DateTimeOffset FirstReceivedAt,
    DateTimeOffset LastReceivedAt);
