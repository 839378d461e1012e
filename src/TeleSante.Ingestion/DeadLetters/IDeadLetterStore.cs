namespace TeleSante.Ingestion.DeadLetters;

/// <summary>Durable store of refused input.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores the dead letter durably; returns its id.</summary>
    Task<long> AddAsync(DeadLetter letter, CancellationToken cancellationToken);

    /// <summary>Most recent first, optionally for one device.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}
