using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Clinical;

/// <summary>Every clinical answer goes through here: audited first (allowed or denied, with the refusal code),
/// then a refusal becomes a problem document carrying <c>code</c> (the <see cref="RefusalCode"/> name).</summary>
internal static class ClinicalProblems
{
    public static int StatusOf(RefusalCode code) => code switch
    {
        RefusalCode.InvalidInput => StatusCodes.Status400BadRequest,
        RefusalCode.NotFound => StatusCodes.Status404NotFound,
        RefusalCode.WrongRole or RefusalCode.OtherSpecialty or RefusalCode.NotTheAcceptingSpecialist or RefusalCode.NotTheRequester
            or RefusalCode.OtherSite or RefusalCode.ConsentWithdrawn or RefusalCode.NotConsented or RefusalCode.OwnGrading => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status409Conflict,
    };

    public static IResult Problem(Refusal refusal) =>
        Results.Problem(refusal.Detail, statusCode: StatusOf(refusal.Code), extensions: new Dictionary<string, object?> { ["code"] = refusal.Code.ToString() });

    /// <summary>Audits the step and answers <paramref name="success"/> or the refusal's problem.</summary>
    public static async Task<IResult> AnswerAsync<T>(IAuditTrail audit, HttpContext http, string action, string resource, Outcome<T> outcome, Func<T, IResult> success)
    {
        await AdminEndpoints.Audit(audit, http, action, resource, outcome.Succeeded ? AuditEntry.Allowed : AuditEntry.Denied,
            outcome.Succeeded ? null : outcome.Refusal.ToString());
        return outcome.Succeeded ? success(outcome.Value) : Problem(outcome.Refusal);
    }
}
