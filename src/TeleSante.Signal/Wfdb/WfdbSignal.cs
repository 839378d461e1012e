using TeleSante.Signal.Wfdb.Internal;

namespace TeleSante.Signal.Wfdb;

/// <summary>One signal of a record held in memory: its header specification and its raw samples.</summary>
public sealed class WfdbSignal
{
    private readonly int _invalid;

    public WfdbSignal(WfdbSignalSpec spec, int[] samples)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(samples);
        Spec = spec;
        Samples = samples;
        _invalid = SignalFormats.InvalidSample(spec.Format);
    }

    public WfdbSignalSpec Spec { get; }

    /// <summary>Raw ADC values exactly as stored (adu), <see cref="WfdbSignalSpec.SamplesPerFrame"/> per frame.</summary>
    public int[] Samples { get; }

    public string Description => Spec.Description;

    public int Format => Spec.Format;

    public double Gain => Spec.Gain;

    public int Baseline => Spec.Baseline;

    public int AdcZero => Spec.AdcZero;

    public string Units => Spec.Units;

    public int InitialValue => Spec.InitialValue;

    public short? Checksum => Spec.Checksum;

    public string FileName => Spec.FileName;

    /// <summary>
    /// Sample <paramref name="index"/> in <see cref="Units"/>: (adu - baseline) / gain (header(5)).
    /// NaN for the value signal(5) reserves for "no sample" (e.g. -32768 in format 16, -2048 in 212).
    /// </summary>
    public double ToPhysical(int index)
    {
        var adu = Samples[index];
        return adu == _invalid ? double.NaN : (adu - Spec.Baseline) / Spec.Gain;
    }
}
