using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>
/// Test authentication: the bearer token is the practitioner's user id, taken from the Authorization
/// header (SignalR's negotiate) or the access_token query parameter (SignalR's WebSocket, as browsers
/// cannot set headers there). No token: anonymous. <c>user;role=R;exp=UNIX_SECONDS</c> adds a role
/// (e.g. administrator, for the admin API) and an expiry (recorded as a JWT bearer handler does).
/// </summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? user = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            user = header["Bearer ".Length..].Trim();
        }
        else if (Request.Query.TryGetValue("access_token", out var token))
        {
            user = token.ToString();
        }

        if (string.IsNullOrEmpty(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parts = user.Split(';');
        var claims = new List<Claim> { new("sub", parts[0]), new(ClaimTypes.Name, parts[0]) };
        var properties = new AuthenticationProperties();
        foreach (var part in parts.Skip(1))
        {
            var (key, value) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (key == "role")
            {
                claims.Add(new Claim("role", value));
            }
            else if (key == "exp")
            {
                claims.Add(new Claim("exp", value));
                properties.ExpiresUtc = DateTimeOffset.FromUnixTimeSeconds(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, "role");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SchemeName)));
    }
}
