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
/// since the hub's query string carries the token, and the token is never recorded. A 403 from a role
/// policy is recorded too, under the practitioner's verified id.
/// </summary>
internal static class FailedAuthenticationAudit
{
    public const string Action = "practitioner.authenticate";

    public const string ForbiddenAction = "practitioner.authorize";

    public static Task OnChallengeAsync(JwtBearerChallengeContext context)
    {
        var http = context.HttpContext;
        var remote = http.Connection.RemoteIpAddress?.ToString();
        var entry = new AuditEntry("anonymous", Action, http.Request.Path.Value ?? "/", AuditEntry.Denied, remote, Reason(context.AuthenticateFailure));
        return http.RequestServices.GetRequiredService<RefusalAuditThrottle>().RecordAsync(entry, remote);
    }

    /// <summary>An authenticated practitioner refused by a role policy (e.g. a specialist on an administrator
    /// endpoint): recorded under their own id. Refusals by the session assignment are audited where they are
    /// decided (<see cref="SessionAuthorizer"/>), so there is no double entry.</summary>
    public static Task OnForbiddenAsync(ForbiddenContext context)
    {
        var http = context.HttpContext;
        var roles = string.Join(",", http.User.FindAll("role").Select(c => c.Value));
        var entry = new AuditEntry(http.User.ActorId(), ForbiddenAction, http.Request.Path.Value ?? "/", AuditEntry.Denied, http.Connection.RemoteIpAddress?.ToString(),
            $"{http.Request.Method} not permitted for role(s) '{roles}'");
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
