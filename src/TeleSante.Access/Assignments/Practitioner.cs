namespace TeleSante.Access.Assignments;

/// <summary>An authenticated practitioner or operator, as the gateway read it from their token.</summary>
/// <param name="Id">Stable subject id (e.g. RPPS number or directory id).</param>
/// <param name="Roles">Roles from <see cref="Access.Roles"/>.</param>
/// <param name="Site">For site operators: the site they run.</param>
public sealed record Practitioner(string Id, IReadOnlySet<string> Roles, string? Site)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}
