namespace TeleSante.Access;

/// <summary>Roles carried in practitioners' and operators' tokens (claim "role").</summary>
public static class Roles
{
    /// <summary>Pharmacist or nurse running a teleconsultation point: sees their site's sessions.</summary>
    public const string SiteOperator = "site-operator";

    /// <summary>GP, cardiologist, ophthalmologist: sees the sessions assigned to them.</summary>
    public const string Specialist = "specialist";

    /// <summary>Manages devices and assignments, reads the audit trail. Does not see patient data by role alone.</summary>
    public const string Administrator = "administrator";

    /// <summary>Files tele-expertise requests (issue 11): a pharmacist, nurse or GP at a site.</summary>
    public const string Requester = "requester";

    /// <summary>Grades diabetic-retinopathy screening photographs (issue 13).</summary>
    public const string Grader = "grader";

    /// <summary>Settles disagreements between two screening gradings (issue 13).</summary>
    public const string ArbitrationGrader = "arbitration-grader";
}
