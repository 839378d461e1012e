using MessagePack;

namespace TeleSante.LiveView;

/// <summary>One channel (e.g. ECG lead II) of a chunk. Physical value = (sample - Baseline) / Gain, in Unit.</summary>
[MessagePackObject]
public sealed record LiveChannel
{
    /// <summary>MDC code of the signal, e.g. 131330 for MDC_ECG_ELEC_POTL_II.</summary>
    [Key("mdcCode")]
    public uint MdcCode { get; init; }

    /// <summary>Conventional label ("I", "aVR", "V1", "Pleth"); the MDC code as text if unknown.</summary>
    [Key("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary>Analog-to-digital units per physical unit (e.g. 1000 adu/mV).</summary>
    [Key("gain")]
    public double Gain { get; init; }

    /// <summary>Sample value of 0 physical units.</summary>
    [Key("baseline")]
    public int Baseline { get; init; }

    /// <summary>UCUM unit of the physical value ("mV").</summary>
    [Key("unit")]
    public string Unit { get; init; } = string.Empty;

    /// <summary>The device's samples, in adu.</summary>
    [Key("samples")]
    public int[] Samples { get; init; } = [];
}
