using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Export;

/// <summary>Limits of the FHIR export. Section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>Waveform samples (all channels) one export may carry. Default 4 000 000: 10 minutes of a
    /// 12-lead ECG at 500 Hz is 3.6 M, about 20 MB of FHIR JSON. Beyond it, ask for a shorter range.</summary>
    [Range(1, 100_000_000)]
    public int MaxWaveformSamples { get; set; } = 4_000_000;
}
