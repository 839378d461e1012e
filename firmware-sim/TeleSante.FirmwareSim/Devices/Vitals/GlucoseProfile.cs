namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>The kind of patient whose capillary glucose is drawn when a measurement names none.</summary>
public enum GlucoseProfile
{
    /// <summary>Fasting, not diabetic: about 5.0 mmol/L.</summary>
    FastingNormal,

    /// <summary>Two hours after a meal, not diabetic: about 7.2 mmol/L.</summary>
    Postprandial,

    /// <summary>Diabetic, variable control: about 10.5 mmol/L with a wide spread.</summary>
    Diabetic,

    /// <summary>Hypoglycaemia: about 3.0 mmol/L.</summary>
    Hypoglycaemic,
}
