namespace TeleSante.Access.Assignments;

/// <summary>
/// Who may see a session's patient data: a practitioner assigned to it, or an operator of the site it
/// was recorded at. Administrators manage assignments but see patient data only when assigned, like
/// anyone else. Every decision, allowed or denied, is for the caller to audit.
/// </summary>
public sealed class SessionAccessPolicy(IAssignmentStore assignments, ISessionSites sites)
{
    public async Task<bool> CanViewAsync(Practitioner who, string sessionId, CancellationToken cancellationToken)
    {
        if (await assignments.IsAssignedAsync(sessionId, who.Id, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return who.IsInRole(Roles.SiteOperator) && who.Site is not null
            && string.Equals(sites.SiteOf(sessionId), who.Site, StringComparison.Ordinal);
    }
}
