namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>The kind of patient a cuff measures: sets the distributions patients are drawn from.</summary>
public enum BloodPressureProfile
{
    /// <summary>Office BP around 118/76 mmHg, sinus rhythm.</summary>
    Normotensive,

    /// <summary>Grade 1–2 hypertension, around 158/96 mmHg (ESC/ESH 2018 grades), sinus rhythm.</summary>
    Hypertensive,

    /// <summary>Atrial fibrillation: irregularly irregular pulse, often fast, beat-to-beat pulse amplitude varying.</summary>
    AtrialFibrillation,
}
