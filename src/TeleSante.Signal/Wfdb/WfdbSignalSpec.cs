namespace TeleSante.Signal.Wfdb;

/// <summary>
/// One signal specification line of a WFDB header (header(5)), with the man page's defaults
/// applied to omitted fields. Describes where and how the samples are stored; holds no samples.
/// </summary>
public sealed record WfdbSignalSpec
{
    /// <summary>Name of the signal file, relative to the header's directory.</summary>
    public required string FileName { get; init; }

    /// <summary>Storage format number (signal(5)): 212, 16, 61, 80, ...</summary>
    public required int Format { get; init; }

    /// <summary>Samples of this signal per frame (the "x" suffix of the format field); 1 unless multi-frequency.</summary>
    public int SamplesPerFrame { get; init; } = 1;

    /// <summary>Skew in frames (the ":" suffix of the format field); 0 when absent.</summary>
    public int Skew { get; init; }

    /// <summary>Bytes to skip at the start of the signal file before sample 0 (the "+" suffix).</summary>
    public long ByteOffset { get; init; }

    /// <summary>ADC units per physical unit. 200 when the header gives 0 or nothing (see <see cref="GainIsDefault"/>).</summary>
    public double Gain { get; init; } = 200;

    /// <summary>
    /// True when the header gave no gain or a gain of 0: header(5) then says the signal is
    /// uncalibrated and 200 adu per unit is assumed, so physical values are nominal only.
    /// </summary>
    public bool GainIsDefault { get; init; }

    /// <summary>Sample value that corresponds to 0 physical units; defaults to <see cref="AdcZero"/>.</summary>
    public int Baseline { get; init; }

    /// <summary>Physical units; "mV" when absent (header(5)).</summary>
    public string Units { get; init; } = "mV";

    /// <summary>ADC resolution in bits; when absent or 0, the format's natural width (12 for 212, 16 for 16).</summary>
    public int AdcResolution { get; init; }

    /// <summary>Sample value that corresponds to the middle of the ADC's input range.</summary>
    public int AdcZero { get; init; }

    /// <summary>Value of sample 0; defaults to <see cref="AdcZero"/>.</summary>
    public int InitialValue { get; init; }

    /// <summary>16-bit sum of all samples of the signal, or null when the header does not give one.</summary>
    public short? Checksum { get; init; }

    /// <summary>Block size in bytes for character-device signal files; 0 for ordinary files.</summary>
    public int BlockSize { get; init; }

    /// <summary>Signal description ("MLII", "V5", "i"...); "record NAME, signal N" when absent.</summary>
    public required string Description { get; init; }
}
