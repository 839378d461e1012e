namespace TeleSante.Access.Assignments;

/// <summary>Which practitioner may see which consultation session.</summary>
public interface IAssignmentStore
{
    Task GrantAsync(string sessionId, string practitionerId, string grantedBy, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string sessionId, string practitionerId, CancellationToken cancellationToken);

    Task<bool> IsAssignedAsync(string sessionId, string practitionerId, CancellationToken cancellationToken);

    /// <summary>A practitioner's worklist: the sessions assigned to them.</summary>
    Task<IReadOnlyList<string>> SessionsOfAsync(string practitionerId, CancellationToken cancellationToken);
}
