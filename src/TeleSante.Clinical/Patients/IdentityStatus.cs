namespace TeleSante.Clinical.Patients;

/// <summary>
/// The four identity statuses of the Référentiel national d'identitovigilance (RNIV, ANS): they follow from
/// two facts, whether the INS was retrieved from the INSi teleservice and whether the identity was checked
/// against an identity document. Only <see cref="Qualified"/> lets the INS leave the system.
/// </summary>
public enum IdentityStatus
{
    /// <summary>Neither: the identity as declared.</summary>
    Provisional = 1,

    /// <summary>INS retrieved from INSi, no identity document checked ("identité récupérée").</summary>
    Retrieved,

    /// <summary>Identity document checked, no INS retrieved ("identité validée").</summary>
    Validated,

    /// <summary>Both ("identité qualifiée"): the INS may be shared and exported.</summary>
    Qualified,
}
