namespace TeleSante.Clinical.Proposals;

/// <summary>What the signing specialist did with a machine proposal.</summary>
public enum ReviewDecision
{
    /// <summary>Signed as proposed (a value: equal to the proposal as the form shows it, rounded to a whole unit).</summary>
    Accepted = 1,

    /// <summary>A value signed different from the proposal.</summary>
    Changed,

    /// <summary>A value the service could not measure, entered by the specialist; a rhythm statement they added.</summary>
    Added,

    /// <summary>A proposal the specialist left out of the signed report.</summary>
    Removed,
}
