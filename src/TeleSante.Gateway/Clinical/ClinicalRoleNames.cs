using TeleSante.Access;
using TeleSante.Clinical.Practitioners;

namespace TeleSante.Gateway.Clinical;

/// <summary>The token role names (claim "role", <see cref="Roles"/>) and the clinical roles they stand for: one table
/// for the directory's input and for the tokens.</summary>
internal static class ClinicalRoleNames
{
    /// <summary>The clinical role of a token role name; <see cref="ClinicalRoles.None"/> for a name that is not one.</summary>
    public static ClinicalRoles Parse(string name) => name switch
    {
        Roles.SiteOperator => ClinicalRoles.SiteOperator,
        Roles.Specialist => ClinicalRoles.Specialist,
        Roles.Administrator => ClinicalRoles.Administrator,
        Roles.Requester => ClinicalRoles.Requester,
        Roles.Grader => ClinicalRoles.Grader,
        Roles.ArbitrationGrader => ClinicalRoles.ArbitrationGrader,
        _ => ClinicalRoles.None,
    };
}
