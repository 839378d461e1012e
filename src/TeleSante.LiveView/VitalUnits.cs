namespace TeleSante.LiveView;

/// <summary>Conversions between the UCUM units the gateway accepts for one vital sign (CodeCatalog), so an alert
/// rule written in one unit applies to readings sent in another.</summary>
public static class VitalUnits
{
    /// <summary>mmHg per kPa (1 mmHg = 133.322 Pa).</summary>
    private const double MmHgPerKPa = 1000 / 133.322387415;

    /// <summary>mg/dL per mmol/L of glucose (molar mass 180.156 g/mol).</summary>
    private const double GlucoseMgDlPerMmolL = 18.0156;

    /// <summary><paramref name="value"/> in <paramref name="from"/> expressed in <paramref name="to"/>; null when
    /// the two are not convertible (start-up validation makes sure every accepted unit of a ruled code is).</summary>
    public static double? Convert(double value, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return value;
        }

        return (from, to) switch
        {
            ("kPa", "mm[Hg]") => value * MmHgPerKPa,
            ("mm[Hg]", "kPa") => value / MmHgPerKPa,
            ("[degF]", "Cel") => (value - 32) / 1.8,
            ("Cel", "[degF]") => value * 1.8 + 32,
            ("mg/dL", "mmol/L") => value / GlucoseMgDlPerMmolL,
            ("mmol/L", "mg/dL") => value * GlucoseMgDlPerMmolL,
            ("g/L", "mmol/L") => value * 100 / GlucoseMgDlPerMmolL,
            ("mmol/L", "g/L") => value * GlucoseMgDlPerMmolL / 100,
            ("g/L", "mg/dL") => value * 100,
            ("mg/dL", "g/L") => value / 100,
            _ => null,
        };
    }
}
