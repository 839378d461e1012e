namespace TeleSante.Ingestion.DeadLetters;

/// <summary>What the dead-letter store holds and what retention deleted from it.</summary>
/// <param name="Stored">Dead letters kept.</param>
/// <param name="StoredBytes">Their payload and detail bytes (what DeadLetters:MaxTotalBytes bounds).</param>
/// <param name="PurgedLetters">Dead letters deleted by retention, over the purge records kept.</param>
/// <param name="PurgedBytes">Their bytes.</param>
/// <param name="RecentPurges">The latest purge records, newest first.</param>
public sealed record DeadLetterSummary(
    long Stored,
    long StoredBytes,
    long PurgedLetters,
    long PurgedBytes,
    IReadOnlyList<DeadLetterPurge> RecentPurges);
