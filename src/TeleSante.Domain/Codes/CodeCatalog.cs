using System.Collections.Frozen;

namespace TeleSante.Domain.Codes;

/// <summary>
/// The codes the gateway knows. MDC numeric codes from ISO/IEEE 11073-10101 (partition 2 = SCADA:
/// code = 2 &lt;&lt; 16 | term code), the ones used by the 11073-104xx device specialisations
/// (10407 blood pressure, 10404 pulse oximeter, 10408 thermometer, 10417 glucose meter, 10406 basic ECG).
/// LOINC codes from the LOINC vital-signs panel (85353-1) and glucometer codes.
/// Plausibility ranges are deliberately wide: they catch unit mix-ups and sensor faults, not illness.
/// </summary>
public static class CodeCatalog
{
    public const uint EcgLeadI = 131329;
    public const uint EcgLeadII = 131330;
    public const uint EcgLeadIII = 131389;
    public const uint EcgLeadAvr = 131390;
    public const uint EcgLeadAvl = 131391;
    public const uint EcgLeadAvf = 131392;
    public const uint EcgLeadV1 = 131331;
    public const uint EcgLeadV2 = 131332;
    public const uint EcgLeadV3 = 131333;
    public const uint EcgLeadV4 = 131334;
    public const uint EcgLeadV5 = 131335;
    public const uint EcgLeadV6 = 131336;
    public const uint Pleth = 150452;

    public const uint BpSystolic = 150021;
    public const uint BpDiastolic = 150022;
    public const uint BpMean = 150023;
    public const uint SpO2 = 150456;
    public const uint PulseRateOximeter = 149530;
    public const uint PulseRateNonInvasive = 149546;
    public const uint HeartRateEcg = 147842;
    public const uint BodyTemperature = 150364;
    public const uint CapillaryGlucose = 160196;

    /// <summary>The twelve standard leads in the conventional display order (I, II, III, aVR, aVL, aVF, V1..V6).</summary>
    public static IReadOnlyList<uint> TwelveLeads { get; } =
    [
        EcgLeadI, EcgLeadII, EcgLeadIII, EcgLeadAvr, EcgLeadAvl, EcgLeadAvf,
        EcgLeadV1, EcgLeadV2, EcgLeadV3, EcgLeadV4, EcgLeadV5, EcgLeadV6,
    ];

    // Surface ECG amplitudes stay within a few mV; ±50 mV leaves room for pacing spikes and
    // electrode offset while catching gain errors of 1000x (µV sent as mV).
    private static readonly UnitRange[] EcgUnits = [new("mV", -50, 50), new("uV", -50_000, 50_000)];

    private static readonly WaveformCode[] Waveforms =
    [
        new(EcgLeadI, "MDC_ECG_ELEC_POTL_I", "I", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadII, "MDC_ECG_ELEC_POTL_II", "II", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadIII, "MDC_ECG_ELEC_POTL_III", "III", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadAvr, "MDC_ECG_ELEC_POTL_AVR", "aVR", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadAvl, "MDC_ECG_ELEC_POTL_AVL", "aVL", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadAvf, "MDC_ECG_ELEC_POTL_AVF", "aVF", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV1, "MDC_ECG_ELEC_POTL_V1", "V1", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV2, "MDC_ECG_ELEC_POTL_V2", "V2", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV3, "MDC_ECG_ELEC_POTL_V3", "V3", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV4, "MDC_ECG_ELEC_POTL_V4", "V4", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV5, "MDC_ECG_ELEC_POTL_V5", "V5", WaveformKind.Ecg, EcgUnits),
        new(EcgLeadV6, "MDC_ECG_ELEC_POTL_V6", "V6", WaveformKind.Ecg, EcgUnits),
        // The plethysmogram is dimensionless (UCUM "1"); devices scale it to 0..1 or a percentage of full scale.
        new(Pleth, "MDC_PULS_OXIM_PLETH", "Pleth", WaveformKind.Plethysmogram, [new("1", -10, 10), new("%", -1000, 1000)]),
    ];

    private static readonly ObservationCode[] Observations =
    [
        new(BpSystolic, "MDC_PRESS_BLD_NONINV_SYS", "8480-6", "Systolic BP", [new("mm[Hg]", 40, 300), new("kPa", 5.3, 40)]),
        new(BpDiastolic, "MDC_PRESS_BLD_NONINV_DIA", "8462-4", "Diastolic BP", [new("mm[Hg]", 20, 200), new("kPa", 2.7, 26.7)]),
        new(BpMean, "MDC_PRESS_BLD_NONINV_MEAN", "8478-0", "Mean BP", [new("mm[Hg]", 30, 250), new("kPa", 4, 33.3)]),
        // 59408-5 is SpO2 by pulse oximetry; 2708-6 (arterial blood SpO2) is also accepted from devices that send it.
        new(SpO2, "MDC_PULS_OXIM_SAT_O2", "59408-5", "SpO2", [new("%", 50, 100)]) { AcceptedLoinc = ["59408-5", "2708-6"] },
        new(PulseRateOximeter, "MDC_PULS_OXIM_PULS_RATE", "8889-8", "Pulse rate (oximeter)", [new("/min", 20, 300)]),
        new(PulseRateNonInvasive, "MDC_PULS_RATE_NON_INV", "8867-4", "Pulse rate (BP cuff)", [new("/min", 20, 300)]),
        new(HeartRateEcg, "MDC_ECG_HEART_RATE", "8867-4", "Heart rate (ECG)", [new("/min", 20, 350)]),
        new(BodyTemperature, "MDC_TEMP_BODY", "8310-5", "Body temperature", [new("Cel", 30, 45), new("[degF]", 86, 113)]),
        // LOINC distinguishes glucometer glucose by property: 14743-9 substance (mmol/L), 41653-7 mass
        // concentration (mg/dL, and g/L as French meters display it).
        new(CapillaryGlucose, "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", "14743-9", "Capillary glucose", [new("mmol/L", 0.5, 40, "14743-9"), new("mg/dL", 10, 720, "41653-7"), new("g/L", 0.1, 7.2, "41653-7")])
        {
            AcceptedLoinc = ["14743-9", "41653-7", "2339-0"],
        },
    ];

    private static readonly FrozenDictionary<uint, WaveformCode> WaveformsByMdc = Waveforms.ToFrozenDictionary(w => w.Mdc);
    private static readonly FrozenDictionary<uint, ObservationCode> ObservationsByMdc = Observations.ToFrozenDictionary(o => o.Mdc);
    private static readonly FrozenDictionary<string, uint> MdcByRefId = Waveforms.Select(w => KeyValuePair.Create(w.RefId, w.Mdc))
        .Concat(Observations.Select(o => KeyValuePair.Create(o.RefId, o.Mdc)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    // Every LOINC code and UCUM unit the catalog names, each one string instance. A parser hands these out instead of a
    // fresh copy per reading: the live view keeps each session's recent readings, and at 10,000 devices the copies
    // were much of what every garbage collection had to move (issue 14, bench/README §10).
    private static readonly FrozenDictionary<string, string> KnownTexts = Observations
        .SelectMany(o => o.Units.SelectMany(u => new[] { u.Ucum, u.Loinc }).Append(o.Loinc).Concat(o.AcceptedLoinc))
        .Concat(Waveforms.SelectMany(w => w.Units.Select(u => u.Ucum)))
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(t => t, t => t, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownTextsBySpan =
        KnownTexts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The catalog's own instance of a LOINC code or UCUM unit it names, or null for any other text.</summary>
    public static string? KnownText(ReadOnlySpan<char> text) => KnownTextsBySpan.TryGetValue(text, out var known) ? known : null;

    public static IReadOnlyList<WaveformCode> AllWaveforms => Waveforms;

    public static IReadOnlyList<ObservationCode> AllObservations => Observations;

    public static WaveformCode? FindWaveform(uint mdc) => WaveformsByMdc.GetValueOrDefault(mdc);

    public static ObservationCode? FindObservation(uint mdc) => ObservationsByMdc.GetValueOrDefault(mdc);

    /// <summary>Resolves an MDC reference id such as <c>MDC_TEMP_BODY</c> to its numeric code.</summary>
    public static bool TryFindByRefId(string refId, out uint mdc) => MdcByRefId.TryGetValue(refId, out mdc);
}
