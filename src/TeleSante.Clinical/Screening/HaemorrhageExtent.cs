namespace TeleSante.Clinical.Screening;

/// <summary>Retinal haemorrhages seen in one eye, as the NHS Diabetic Eye Screening Programme (DESP) grading form
/// separates them: a few dot/blot/flame haemorrhages are background retinopathy (R1), multiple blot haemorrhages are
/// pre-proliferative (R2).</summary>
public enum HaemorrhageExtent
{
    None = 0,

    /// <summary>One or more dot, blot or flame haemorrhages, not "multiple blot".</summary>
    Present,

    /// <summary>Multiple deep, round blot haemorrhages (DESP R2).</summary>
    MultipleBlot,
}
