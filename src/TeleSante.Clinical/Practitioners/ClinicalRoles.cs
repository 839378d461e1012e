namespace TeleSante.Clinical.Practitioners;

/// <summary>What a practitioner may do in the tele-expertise workflow; the first three are the token roles of
/// TeleSante.Access (site-operator, specialist, administrator), <see cref="Requester"/> is new in issue 11.</summary>
[Flags]
public enum ClinicalRoles
{
    None = 0,

    /// <summary>Runs a station: opens and closes consultations, collects consent.</summary>
    SiteOperator = 1,

    /// <summary>Accepts requests of their specialty and signs reports.</summary>
    Specialist = 2,

    /// <summary>Manages sites and practitioners; sees turnaround figures, not patient data by role alone.</summary>
    Administrator = 4,

    /// <summary>Files tele-expertise requests (a pharmacist, nurse or GP at the site).</summary>
    Requester = 8,

    /// <summary>Grades diabetic-retinopathy screening photographs (first or second grading; issue 13).</summary>
    Grader = 16,

    /// <summary>Settles a disagreement between two gradings; the arbiter's grade is final (issue 13).</summary>
    ArbitrationGrader = 32,
}
