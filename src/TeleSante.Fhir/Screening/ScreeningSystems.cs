namespace TeleSante.Fhir.Screening;

/// <summary>Codes of the screening export. LOINC where a code exists (loinc.org: 103592-2 "Retinal eye screening
/// report", 71491-5/71490-7 right/left eye "Diabetic retinopathy severity level" with answer list LL2117-1, the ICDR
/// levels); the NHS DESP grades and our outcomes have no standard code system, so they are ours.</summary>
public static class ScreeningSystems
{
    public const string RetinalScreeningReport = "103592-2";

    public const string RightEyeSeverity = "71491-5";

    public const string LeftEyeSeverity = "71490-7";

    /// <summary>Observation codes: desp-grade-right, desp-grade-left, outcome.</summary>
    public const string Observation = "urn:telesante:screening-observation";

    /// <summary>"R1M0", "R3AM1P", "UU": the programme's short form of an eye's grade.</summary>
    public const string DespGrade = "urn:telesante:desp-grade";

    /// <summary>Rescreen, TechnicalFailure, RoutineReferral, UrgentReferral.</summary>
    public const string Outcome = "urn:telesante:screening-outcome";

    public const string VisitIdentifier = "urn:telesante:screening-visit";

    public const string CampaignIdentifier = "urn:telesante:screening-campaign";
}
