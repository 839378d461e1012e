namespace TeleSante.Clinical.Screening;

/// <summary>What happens to the patient after grading, in increasing order of urgency.</summary>
public enum ScreeningOutcome
{
    /// <summary>Back to screening at the configured interval.</summary>
    Rescreen = 0,

    /// <summary>Technical failure: the photographs must be taken again (or the eye examined another way).</summary>
    TechnicalFailure,

    /// <summary>Routine referral to an eye clinic (R2, M1, R3S).</summary>
    RoutineReferral,

    /// <summary>Urgent referral to an eye clinic (R3A).</summary>
    UrgentReferral,
}
