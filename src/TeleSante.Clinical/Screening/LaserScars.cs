namespace TeleSante.Clinical.Screening;

/// <summary>Photocoagulation scars seen in one eye (the DESP "P" flag). Where they are matters: peripheral
/// (panretinal or sectoral) laser treats proliferative retinopathy and makes a stable eye R3S; macular (focal or grid)
/// laser treats maculopathy and changes no R grade.</summary>
public enum LaserScars
{
    None = 0,

    /// <summary>Panretinal or sectoral scars outside the arcades.</summary>
    Peripheral,

    /// <summary>Focal or grid scars in the macula only.</summary>
    MacularOnly,
}
