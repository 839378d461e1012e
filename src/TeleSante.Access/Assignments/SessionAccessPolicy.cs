using TeleSante.Access.Practitioners;

namespace TeleSante.Access.Assignments;

/// <summary>
/// Who may see a session's patient data: a practitioner assigned to it, or an operator of the site it
/// was recorded at. Administrators manage assignments but see patient data only when assigned, like
/// anyone else. A practitioner an administrator disabled sees nothing, whatever their token says.
/// Every decision, allowed or denied, is for the caller to audit.
/// </summary>
public sealed class SessionAccessPolicy(IAssignmentStore assignments, ISessionSites sites, IPractitionerRegistry practitioners)
{
    public async Task<bool> CanViewAsync(Practitioner who, string sessionId, CancellationToken cancellationToken) =>
        await RefusalAsync(who, sessionId, cancellationToken).ConfigureAwait(false) is null;

    /// <summary>Why <paramref name="who"/> may not see the session (for the audit trail), or null when they may.</summary>
    public async Task<string?> RefusalAsync(Practitioner who, string sessionId, CancellationToken cancellationToken)
    {
        if (await practitioners.IsDisabledAsync(who.Id, cancellationToken).ConfigureAwait(false))
        {
            return "practitioner disabled";
        }

        if (await assignments.IsAssignedAsync(sessionId, who.Id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return who.IsInRole(Roles.SiteOperator) && who.Site is not null && string.Equals(sites.SiteOf(sessionId), who.Site, StringComparison.Ordinal)
            ? null
            : "not assigned to this session";
    }
}
