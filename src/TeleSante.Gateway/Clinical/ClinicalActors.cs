using System.Security.Claims;
using TeleSante.Access.Practitioners;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Turns the caller's JWT into the workflow's <see cref="Actor"/>: the directory entry of the token's subject
/// (RPPS, specialty, sites), with only the roles both the token and the directory grant, so that neither a
/// forged-looking directory entry nor a broad token alone is enough. Disabled practitioners get no actor.
/// </summary>
internal sealed class ClinicalActors(ClinicalStore store, IPractitionerRegistry registry)
{
    public async Task<Outcome<Actor>> ResolveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var id = http.User.FindFirstValue("sub");
        if (http.User.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            return new Refusal(RefusalCode.WrongRole, "a practitioner's token is required");
        }

        if (await registry.IsDisabledAsync(id, cancellationToken))
        {
            return new Refusal(RefusalCode.WrongRole, $"practitioner {id} is disabled");
        }

        if (await store.GetPractitionerAsync(id, cancellationToken) is not { } practitioner)
        {
            return new Refusal(RefusalCode.WrongRole, $"practitioner {id} is not in the clinical directory");
        }

        var granted = TokenRoles(http.User) & practitioner.Roles;
        return new Actor(practitioner with { Roles = granted }, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>Resolves the caller, then runs <paramref name="step"/> as them; the resolution's refusal otherwise.</summary>
    public async Task<Outcome<T>> RunAsync<T>(HttpContext http, CancellationToken cancellationToken, Func<Actor, Task<Outcome<T>>> step)
    {
        var actor = await ResolveAsync(http, cancellationToken);
        return actor.Succeeded ? await step(actor.Value) : actor.Refusal;
    }

    private static ClinicalRoles TokenRoles(ClaimsPrincipal user) =>
        user.FindAll("role").Select(c => c.Value).Aggregate(ClinicalRoles.None, (roles, role) => roles | ClinicalRoleNames.Parse(role));
}
