namespace TeleSante.Clinical.Patients;

/// <summary>
/// The assigning authority of an INS, i.e. the OID its matricule belongs to (ANS, "Référentiel INS" and the
/// FHIR FR Core profile FRCorePatientINS: INS-NIR urn:oid:1.2.250.1.213.1.4.8, INS-NIA ...1.4.9,
/// INS-NIR-TEST ...1.4.10 for test identities, INS-NIR-DEMO ...1.4.11 for demonstration identities).
/// </summary>
public enum InsAuthority
{
    /// <summary>Matricule NIR (RNIPP, INSEE): 1.2.250.1.213.1.4.8.</summary>
    Nir = 1,

    /// <summary>Numéro d'identification d'attente (CNAV), for people awaiting a NIR: 1.2.250.1.213.1.4.9.</summary>
    Nia,

    /// <summary>Test NIR (INSi test platform identities): 1.2.250.1.213.1.4.10. Never a real person.</summary>
    NirTest,

    /// <summary>Demonstration NIR: 1.2.250.1.213.1.4.11. Never a real person.</summary>
    NirDemo,
}
