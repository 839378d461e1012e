namespace TeleSante.Access.Audit;

/// <summary>Append-only trail of accesses and changes. There is deliberately no update or delete.</summary>
public interface IAuditTrail
{
    /// <summary>Appends durably before returning: an access is only served once it is recorded.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first, optionally filtered by actor or resource.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, string? resource, int limit, CancellationToken cancellationToken);

    /// <summary>Recomputes the hash chain; false if any stored entry was altered or removed outside the API.</summary>
    Task<bool> VerifyAsync(CancellationToken cancellationToken);
}
