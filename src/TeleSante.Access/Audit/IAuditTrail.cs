namespace TeleSante.Access.Audit;

/// <summary>Append-only trail of accesses and changes. There is deliberately no update or delete.</summary>
public interface IAuditTrail
{
    /// <summary>Appends durably before returning: an access is only served once it is recorded.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="entries"/>, in order, durably and all or none (one transaction): for work done in
    /// batches (the vitals alerts of a batch of readings, issue 14) without one fsync per entry. When it throws, none
    /// was recorded, so the caller may retry the whole list without recording any entry twice.</summary>
    Task RecordManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Newest first, optionally filtered by actor or resource.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, string? resource, int limit, CancellationToken cancellationToken);

    /// <summary>Recomputes the hash chain; false if any stored entry was altered or removed outside the API.</summary>
    Task<bool> VerifyAsync(CancellationToken cancellationToken);
}
