using System.Security.Claims;
using TeleSante.Access.Assignments;

namespace TeleSante.Gateway.Security;

internal static class ClaimsExtensions
{
    /// <summary>The practitioner behind an authenticated principal, or null for anonymous.</summary>
    public static Practitioner? ToPractitioner(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue("sub");
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            return null;
        }

        return new Practitioner(id, user.FindAll("role").Select(c => c.Value).ToHashSet(StringComparer.Ordinal), user.FindFirstValue("site"));
    }

    public static string ActorId(this ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "anonymous";
}
