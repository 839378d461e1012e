namespace TeleSante.Fhir.Clinical;

/// <summary>
/// Code systems, identifier namespaces and extension URLs of the clinical export (issue 11). French ones are
/// those of the FHIR FR Core guide (Interop'Santé, hl7.fr/ig/fhir/core 2.x), which the ANS guides build on.
/// </summary>
public static class ClinicalSystems
{
    // --- FR Core ---

    /// <summary>FR Core's identifier types (INS-NIR, INS-NIA, INS-NIR-TEST, INS-NIR-DEMO, RPPS, IDNPS…). FR Core
    /// types the INS slices with this system, not with the ANS TRE_G08 nomenclature, so we do too.</summary>
    public const string FrCoreIdentifierType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";

    /// <summary>FR Core Practitioner's <c>rpps</c> identifier slice: the 11-digit RPPS number. (The OID
    /// 1.2.250.1.71.4.2.1 names the <c>idNatPs</c> slice, whose value is the prefixed national identifier that
    /// FR Core says must be neither built nor interpreted, so we do not derive it from the RPPS.)</summary>
    public const string Rpps = "https://rpps.esante.gouv.fr";

    /// <summary>All birth given names, space separated (FR Core <c>fr-core-patient-birth-list-given-name</c>).</summary>
    public const string BirthListGivenName = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name";

    /// <summary>RNIV identity status (FR Core <c>fr-core-identity-reliability</c>, sub-extension <c>identityStatus</c>).</summary>
    public const string IdentityReliability = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability";

    /// <summary>PROV | RECUP | VALI | QUAL.</summary>
    public const string IdentityStatus = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status";

    /// <summary>INSEE code of a commune (99xxx: a country abroad), on an Address (FR Core <c>fr-core-address-insee-code</c>).</summary>
    public const string AddressInseeCode = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code";

    /// <summary>The ANS nomenclature of communes FR Core's examples code birth places with.</summary>
    public const string InseeCommunes = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM";

    // --- HL7 ---

    public const string PatientBirthPlace = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    public const string V2IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    /// <summary>Diagnostic service sections (EC = electrocardiac).</summary>
    public const string V2DiagnosticService = "http://terminology.hl7.org/CodeSystem/v2-0074";

    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";

    public const string V3ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    public const string V3ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    public const string ResourceTypes = "http://hl7.org/fhir/resource-types";

    public const string TaskCode = "http://hl7.org/fhir/CodeSystem/task-code";

    /// <summary>R4 DiagnosticReport has no <c>note</c>; R5 added it. The FHIR cross-version extension carries it in R4
    /// (http://hl7.org/fhir/[version]/StructureDefinition/extension-[Path]).</summary>
    public const string DiagnosticReportNote = "http://hl7.org/fhir/5.0/StructureDefinition/extension-DiagnosticReport.note";

    // --- ours ---

    public const string PatientIdentifier = "urn:telesante:patient";

    public const string PractitionerIdentifier = "urn:telesante:practitioner";

    public const string ConsentIdentifier = "urn:telesante:consent";

    public const string RequestIdentifier = "urn:telesante:request";

    /// <summary>"{request}/v{version}" of the request the bundle was made from.</summary>
    public const string RequestExportIdentifier = "urn:telesante:request:export";

    /// <summary>"{request}/{version}".</summary>
    public const string ReportIdentifier = "urn:telesante:report";

    /// <summary>"{request}/{version}/{measurement}".</summary>
    public const string ReportMeasurementIdentifier = "urn:telesante:report-measurement";

    /// <summary>Issue 12, on a report measurement's Observation.method: machine-proposed-accepted, machine-proposed-changed,
    /// entered-by-specialist (the service could not measure it).</summary>
    public const string ProposalReview = "urn:telesante:ecg-proposal-review";

    /// <summary>Our request states (Task.businessStatus), by their names: Draft, Submitted, Accepted…</summary>
    public const string RequestState = "urn:telesante:request-state";

    /// <summary>Specialties are free codes such as "cardiology" in the clinical directory.</summary>
    public const string Specialty = "urn:telesante:specialty";
}
