namespace TeleSante.Clinical.Screening;

/// <summary>NHS Diabetic Eye Screening Programme maculopathy grade of one eye.</summary>
public enum MaculopathyGrade
{
    /// <summary>No maculopathy feature.</summary>
    M0 = 0,

    /// <summary>Exudate within one disc diameter of the fovea, a group of exudates in the macula, or blot
    /// haemorrhages in the macula.</summary>
    M1,

    /// <summary>The macula could not be graded.</summary>
    U,
}
