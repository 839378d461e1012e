namespace TeleSante.Clinical.Proposals;

public enum ProposalStatus
{
    /// <summary>Computed from the request's stored ECG.</summary>
    Computed = 1,

    /// <summary>Not computed, with the reason (no ECG in the attached range, not the 12 standard leads, store unavailable…).</summary>
    NotComputed,
}
