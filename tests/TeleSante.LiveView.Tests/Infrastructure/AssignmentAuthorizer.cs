using System.Collections.Concurrent;
using System.Security.Claims;
using TeleSante.Gateway.LiveView;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>The tests' access policy: a practitioner sees the sessions assigned to them. Records every
/// decision, so tests can check the hub asked for the right action.</summary>
internal sealed class AssignmentAuthorizer : ILiveSessionAuthorizer
{
    private readonly ConcurrentDictionary<(string User, string Session), bool> _assignments = new();

    public ConcurrentQueue<(string? User, string Session, string Action, string? Remote, bool Allowed)> Decisions { get; } = new();

    public AssignmentAuthorizer Assign(string user, string session)
    {
        _assignments[(user, session)] = true;
        return this;
    }

    public ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, CancellationToken cancellationToken)
    {
        var id = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        var allowed = id is not null && _assignments.ContainsKey((id, sessionId));
        Decisions.Enqueue((id, sessionId, action, remoteAddress, allowed));
        return ValueTask.FromResult(allowed);
    }

    public ValueTask RevokedAsync(ClaimsPrincipal user, string sessionId, string reason, string? remoteAddress, CancellationToken cancellationToken)
    {
        Decisions.Enqueue((user.Identity?.Name, sessionId, "revoked: " + reason, remoteAddress, false));
        return ValueTask.CompletedTask;
    }
}
