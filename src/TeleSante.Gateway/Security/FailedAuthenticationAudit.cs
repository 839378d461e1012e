using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using TeleSante.Access.Audit;

namespace TeleSante.Gateway.Security;

/// <summary>
/// Refused practitioner authentication goes into the audit trail, as refused device connections do.
/// Recorded at the challenge (the 401) rather than when validation fails: the challenge happens only on
/// endpoints that require a practitioner, so anonymous ones (/health, the viewer's files) are never
/// audited, a token-less request is covered too, and one refused request makes one entry. The actor is
/// "anonymous" because an unverified token's subject proves nothing; the resource is the path alone,
/// since the hub's query string carries the token, and the token is never recorded.
/// </summary>
internal static class FailedAuthenticationAudit
{
    public const string Action = "practitioner.authenticate";

    public static Task OnChallengeAsync(JwtBearerChallengeContext context)
    {
        var http = context.HttpContext;
        var entry = new AuditEntry("anonymous", Action, http.Request.Path.Value ?? "/", AuditEntry.Denied, http.Connection.RemoteIpAddress?.ToString(), Reason(context.AuthenticateFailure));
        return http.RequestServices.GetRequiredService<IAuditTrail>().RecordAsync(entry, CancellationToken.None);
    }

    /// <summary>Why, from the failure's type only: IdentityModel's messages may quote parts of the token.</summary>
    public static string Reason(Exception? failure) => failure switch
    {
        null => "no bearer token",
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenInvalidIssuerException => "untrusted issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenMalformedException => "malformed token",
        _ => "invalid token (" + failure.GetType().Name + ")",
    };
}
