using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using TeleSante.Access.Audit;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// The connections of <see cref="ClinicalHub"/> and the groups each joined. Kept here rather than in SignalR's groups so that a
/// notification reaches a connection once even when it is in several of the target groups (a requester is in their own group and
/// their site's), and so that every connection of a practitioner an administrator disables can be closed at once, as the live
/// view's are. One gateway's connections: the hub has no backplane (README, "Live worklist").
/// </summary>
internal sealed class ClinicalHubConnections(IAuditTrail audit)
{
    /// <summary>Audit action of a connection closed because its practitioner was disabled.</summary>
    public const string CutAction = "clinical.hub.cut";

    private readonly ConcurrentDictionary<string, ClinicalHubMember> _members = new(StringComparer.Ordinal);

    public int Count => _members.Count;

    public void Add(HubCallerContext context, string practitionerId) => _members[context.ConnectionId] = new ClinicalHubMember(practitionerId, context);

    public void Remove(string connectionId) => _members.TryRemove(connectionId, out _);

    /// <summary>False when the connection is gone (closed while subscribing).</summary>
    public bool Join(string connectionId, string group)
    {
        if (!_members.TryGetValue(connectionId, out var member))
        {
            return false;
        }

        member.Groups.TryAdd(group, 0);
        return true;
    }

    /// <summary>The connections in any of <paramref name="groups"/>, each once.</summary>
    public IReadOnlyList<string> ConnectionsIn(IReadOnlyCollection<string> groups) =>
        [.. _members.Where(m => groups.Any(m.Value.Groups.ContainsKey)).Select(m => m.Key)];

    /// <summary>The practitioners with a connection in <paramref name="group"/>, each with those connections (a notification
    /// decided per practitioner, as the graders' worklist items are).</summary>
    public IReadOnlyList<(string PractitionerId, IReadOnlyList<string> ConnectionIds)> PractitionersIn(string group) =>
        [.. _members.Where(m => m.Value.Groups.ContainsKey(group)).GroupBy(m => m.Value.PractitionerId, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(m => m.Key)]))];

    /// <summary>Closes every connection of <paramref name="practitionerId"/>, each audited; returns how many.</summary>
    public async Task<int> CutAsync(string practitionerId, string reason)
    {
        var cut = 0;
        foreach (var (connectionId, member) in _members.Where(m => m.Value.PractitionerId == practitionerId).ToList())
        {
            Remove(connectionId);
            member.Context.Abort();
            cut++;
            await audit.RecordAsync(new AuditEntry(practitionerId, CutAction, "practitioner/" + practitionerId, AuditEntry.Allowed,
                member.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), "connection closed: " + reason), CancellationToken.None).ConfigureAwait(false);
        }

        return cut;
    }
}
