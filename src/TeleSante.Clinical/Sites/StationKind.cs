namespace TeleSante.Clinical.Sites;

public enum StationKind
{
    /// <summary>A fixed teleconsultation cabin.</summary>
    Cabin = 1,

    /// <summary>A nurse's mobile kit.</summary>
    NurseKit,
}
