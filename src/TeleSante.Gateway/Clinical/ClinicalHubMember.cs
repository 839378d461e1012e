using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace TeleSante.Gateway.Clinical;

/// <summary>One connection to <see cref="ClinicalHub"/>: whose it is, how to close it, and the groups it joined.</summary>
internal sealed class ClinicalHubMember(string practitionerId, HubCallerContext context)
{
    public string PractitionerId { get; } = practitionerId;

    public HubCallerContext Context { get; } = context;

    public ConcurrentDictionary<string, byte> Groups { get; } = new(StringComparer.Ordinal);
}
