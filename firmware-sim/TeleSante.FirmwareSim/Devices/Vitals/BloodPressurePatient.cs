using TeleSante.FirmwareSim.Devices.Vitals.Internal;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// The patient's true pressures and pulse during one measurement: what a reference (intra-arterial
/// or auscultatory) measurement would give. The cuff only sees oscillations and estimates these,
/// with the errors an oscillometric device makes.
/// </summary>
/// <param name="SystolicMmHg">True systolic pressure.</param>
/// <param name="DiastolicMmHg">True diastolic pressure.</param>
/// <param name="PulseRatePerMin">Mean pulse rate.</param>
/// <param name="IrregularRhythm">Irregularly irregular RR intervals (atrial fibrillation).</param>
public sealed record BloodPressurePatient(double SystolicMmHg, double DiastolicMmHg, double PulseRatePerMin, bool IrregularRhythm = false)
{
    /// <summary>True mean arterial pressure, by the clinical one-third rule.</summary>
    public double MeanMmHg => DiastolicMmHg + ((SystolicMmHg - DiastolicMmHg) / 3);

    /// <summary>A patient drawn from <paramref name="profile"/> (deterministic for a seeded <paramref name="random"/>).</summary>
    public static BloodPressurePatient Draw(BloodPressureProfile profile, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (sys, dia, pulse) = profile switch
        {
            BloodPressureProfile.Normotensive => (
                random.NextGaussian(118, 8, 98, 134),
                random.NextGaussian(76, 6, 60, 84),
                random.NextGaussian(70, 8, 52, 95)),
            BloodPressureProfile.Hypertensive => (
                random.NextGaussian(158, 12, 140, 195),
                random.NextGaussian(96, 7, 86, 115),
                random.NextGaussian(76, 9, 55, 100)),
            BloodPressureProfile.AtrialFibrillation => (
                random.NextGaussian(132, 14, 100, 175),
                random.NextGaussian(82, 8, 62, 100),
                random.NextGaussian(96, 14, 70, 135)),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
        };

        // Keep a physiological pulse pressure whatever the independent draws gave.
        dia = Math.Min(dia, sys - 30);
        return new BloodPressurePatient(Math.Round(sys, 1), Math.Round(dia, 1), Math.Round(pulse, 1), profile == BloodPressureProfile.AtrialFibrillation);
    }
}
