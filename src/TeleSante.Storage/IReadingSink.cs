namespace TeleSante.Storage;

/// <summary>
/// Where the forwarder writes accepted batches (behind the write-ahead log). Implementations do not
/// retry: the caller owns retry, back-off and back-pressure. A batch written twice is stored once
/// (same readings, same keys), so replaying the log after a crash is harmless.
/// </summary>
public interface IReadingSink
{
    /// <summary>The store's short name, recorded as the transport of dead letters it refused (e.g. "influx").</summary>
    string Name { get; }

    /// <summary>Makes the store ready to take writes (e.g. creates the database). Idempotent.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot be reached or refused.</exception>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>A new, empty buffer; keep and reuse it (its memory is pooled).</summary>
    IReadingWriteBuffer CreateBuffer();

    /// <summary>
    /// Writes every batch in <paramref name="buffer"/>. Returns once everything the store will ever
    /// take is stored: empty, or the items the store refused on their own (not retryable; keep them
    /// as dead letters). Does not clear the buffer.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Nothing is known to be stored: retry the same
    /// buffer later.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<RefusedReading>> WriteAsync(IReadingWriteBuffer buffer, CancellationToken cancellationToken);
}
