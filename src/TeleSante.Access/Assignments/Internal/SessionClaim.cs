namespace TeleSante.Access.Assignments.Internal;

/// <summary>A session's first claimant and, once committed, the owner the file holds.</summary>
internal sealed class SessionClaim(string sessionId, string siteId)
{
    private readonly TaskCompletionSource<string> _owner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string SessionId { get; } = sessionId;

    public string SiteId { get; } = siteId;

    public Task<string> Owner => _owner.Task;

    public static SessionClaim Committed(string sessionId, string siteId)
    {
        var claim = new SessionClaim(sessionId, siteId);
        claim.Commit(siteId);
        return claim;
    }

    public void Commit(string owner) => _owner.TrySetResult(owner);

    public void Fail(Exception error) => _owner.TrySetException(error);
}
