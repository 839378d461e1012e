namespace TeleSante.Access.Assignments;

/// <summary>The site each session belongs to: the first site to write into it (readings or photographs).</summary>
public interface ISessionSites
{
    string? SiteOf(string sessionId);

    /// <summary>Claims the session for <paramref name="siteId"/> if nobody has, durably, before the caller
    /// stores anything of it; returns the session's site (the caller's when it owns or has just claimed it,
    /// otherwise the owner's). A known session completes synchronously, from memory.</summary>
    ValueTask<string> ClaimAsync(string sessionId, string siteId, CancellationToken cancellationToken);
}
