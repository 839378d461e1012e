namespace TeleSante.Domain.Codes;

/// <summary>A waveform signal the gateway accepts, e.g. ECG lead II.</summary>
/// <param name="Mdc">MDC numeric code, e.g. 131330 for MDC_ECG_ELEC_POTL_II.</param>
/// <param name="RefId">MDC reference id.</param>
/// <param name="Label">Conventional label shown to practitioners ("II", "aVR", "V1", "Pleth").</param>
/// <param name="Kind">Signal family, which sets the accepted sample rates.</param>
/// <param name="Units">Accepted UCUM units of the physical value, with plausible amplitude range.</param>
public sealed record WaveformCode(uint Mdc, string RefId, string Label, WaveformKind Kind, IReadOnlyList<UnitRange> Units)
{
    public UnitRange? FindUnit(string ucum)
    {
        foreach (var unit in Units)
        {
            if (string.Equals(unit.Ucum, ucum, StringComparison.Ordinal))
            {
                return unit;
            }
        }

        return null;
    }
}
