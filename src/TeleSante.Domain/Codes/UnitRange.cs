namespace TeleSante.Domain.Codes;

/// <summary>A UCUM unit accepted for a code, with the physiologically plausible range of values in that unit.</summary>
/// <param name="Ucum">Case-sensitive UCUM code, e.g. <c>mm[Hg]</c>.</param>
/// <param name="Min">Lowest plausible value (inclusive).</param>
/// <param name="Max">Highest plausible value (inclusive).</param>
/// <param name="Loinc">LOINC code specific to this unit, where LOINC distinguishes units (glucose).</param>
public sealed record UnitRange(string Ucum, double Min, double Max, string? Loinc = null)
{
    public bool Contains(double value) => value >= Min && value <= Max;
}
