namespace TeleSante.Clinical.Screening;

/// <summary>NHS Diabetic Eye Screening Programme retinopathy grade of one eye, in increasing order of concern
/// (U sorts apart: see <see cref="GradingRules"/>).</summary>
public enum RetinopathyGrade
{
    /// <summary>No retinopathy.</summary>
    R0 = 0,

    /// <summary>Background: microaneurysms, haemorrhages, with or without exudates or cotton-wool spots.</summary>
    R1,

    /// <summary>Pre-proliferative: venous beading or reduplication, IRMA, multiple blot haemorrhages.</summary>
    R2,

    /// <summary>Stable treated proliferative: peripheral laser scars, no active proliferative feature.</summary>
    R3S,

    /// <summary>Active proliferative: new vessels, pre-retinal or vitreous haemorrhage, pre-retinal fibrosis or
    /// tractional detachment.</summary>
    R3A,

    /// <summary>Ungradable.</summary>
    U,
}
