namespace TeleSante.Clinical.Screening;

/// <summary>Diabetic macular oedema on the ICDR scale as photographs show it: hard exudates are the surrogate of
/// thickening that a 2D photograph cannot see, so "absent" means "no exudate in the macula", not an OCT result.</summary>
public enum MacularOedema
{
    Absent = 0,

    /// <summary>Exudates in the macula, none within one disc diameter of the fovea.</summary>
    PresentAwayFromCentre,

    /// <summary>Exudate within one disc diameter of the centre of the fovea.</summary>
    PresentNearCentre,

    Ungradable,
}
