namespace TeleSante.Domain.Codes;

/// <summary>Families of waveforms; each has its own accepted sample-rate range.</summary>
public enum WaveformKind
{
    Ecg,
    Plethysmogram,
}
