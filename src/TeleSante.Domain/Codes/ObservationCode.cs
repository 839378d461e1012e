namespace TeleSante.Domain.Codes;

/// <summary>A numeric observation the gateway accepts: its IEEE 11073-10101 code, LOINC and units.</summary>
/// <param name="Mdc">MDC numeric code (partition &lt;&lt; 16 | term code).</param>
/// <param name="RefId">MDC reference id, e.g. <c>MDC_PRESS_BLD_NONINV_SYS</c>.</param>
/// <param name="Loinc">The LOINC code for the observation in its first unit, or null where none fits.</param>
/// <param name="Display">Short label for practitioners.</param>
/// <param name="Units">Accepted UCUM units, the first being canonical, each with its plausible range.</param>
public sealed record ObservationCode(uint Mdc, string RefId, string? Loinc, string Display, IReadOnlyList<UnitRange> Units)
{
    /// <summary>LOINC codes that may accompany this code (some LOINC codes are unit specific, e.g. glucose).</summary>
    public IReadOnlyList<string> AcceptedLoinc { get; init; } = Loinc is null ? [] : [Loinc];

    /// <summary>The LOINC code to record for a value in <paramref name="ucum"/>: unit-specific where LOINC
    /// distinguishes units, otherwise the code's own.</summary>
    public string? LoincFor(string ucum) => FindUnit(ucum)?.Loinc ?? Loinc;

    public UnitRange? FindUnit(string ucum)
    {
        foreach (var unit in Units)
        {
            // UCUM codes are case sensitive ("mL" vs "ML" differ), so ordinal comparison.
            if (string.Equals(unit.Ucum, ucum, StringComparison.Ordinal))
            {
                return unit;
            }
        }

        return null;
    }
}
