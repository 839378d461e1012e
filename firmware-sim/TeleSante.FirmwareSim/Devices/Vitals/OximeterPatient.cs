namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>The finger a pulse oximeter is clipped on: true saturation, pulse and perfusion.</summary>
/// <param name="SpO2Percent">True arterial oxygen saturation, %.</param>
/// <param name="PulseRatePerMin">Mean pulse rate.</param>
/// <param name="PerfusionIndexPercent">Pulsatile over static absorption, %: 0.2 is a cold finger, 5 a warm one;
/// it sets the pleth amplitude.</param>
/// <param name="IrregularRhythm">Irregularly irregular beats (atrial fibrillation).</param>
public sealed record OximeterPatient(double SpO2Percent, double PulseRatePerMin, double PerfusionIndexPercent = 3, bool IrregularRhythm = false)
{
    /// <summary>A healthy adult at rest.</summary>
    public static OximeterPatient Healthy { get; } = new(98, 72, 3.5);

    /// <summary>A stable COPD patient: chronic hypoxaemia around 90 %, slightly fast pulse.</summary>
    public static OximeterPatient ChronicHypoxaemia { get; } = new(90, 86, 2);

    /// <summary>Atrial fibrillation with a fast ventricular rate.</summary>
    public static OximeterPatient AtrialFibrillation { get; } = new(95, 104, 2.5, IrregularRhythm: true);
}
