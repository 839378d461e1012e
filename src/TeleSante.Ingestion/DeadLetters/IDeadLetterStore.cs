namespace TeleSante.Ingestion.DeadLetters;

/// <summary>Durable store of refused input.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores the dead letter durably (a payload longer than the store's limit as its prefix,
    /// with the original size); returns its id.</summary>
    Task<long> AddAsync(DeadLetter letter, CancellationToken cancellationToken);

    /// <summary>Most recent first, optionally for one device.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the dead letters received before <paramref name="olderThan"/>, then the oldest
    /// until at most <paramref name="maxTotalBytes"/> remain, recording a purge summary per device and
    /// reason (kept as long as the letters would have been: received after <paramref name="olderThan"/>).
    /// Returns what was deleted.</summary>
    Task<IReadOnlyList<DeadLetterPurge>> PurgeAsync(DateTimeOffset olderThan, long maxTotalBytes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts of what is kept and what was purged, with the latest purge records.</summary>
    Task<DeadLetterSummary> SummarizeAsync(int recentPurges, CancellationToken cancellationToken);
}
