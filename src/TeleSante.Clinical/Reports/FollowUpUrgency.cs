namespace TeleSante.Clinical.Reports;

/// <summary>How soon the patient should be seen after the reading.</summary>
public enum FollowUpUrgency
{
    /// <summary>No follow-up needed for this finding.</summary>
    None = 1,

    /// <summary>At the next planned visit with the GP.</summary>
    Routine,

    /// <summary>A cardiology consultation within days.</summary>
    Soon,

    /// <summary>Now: emergency services (the requester is told at once).</summary>
    Immediate,
}
