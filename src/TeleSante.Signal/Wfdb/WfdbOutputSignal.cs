namespace TeleSante.Signal.Wfdb;

/// <summary>One signal to write with <see cref="WfdbWriter"/>: raw ADC values and how they convert to physical units.</summary>
/// <param name="Description">Signal description written at the end of its header line ("II", "ECG lead V1"); not empty, no
/// line break, no leading or trailing blank (header(5) reads it as the rest of the line, trimmed).</param>
/// <param name="Gain">ADC units per physical unit; positive (header(5) reads 0 as "uncalibrated").</param>
/// <param name="Baseline">ADC value of 0 physical units.</param>
/// <param name="Units">Physical units ("mV", "uV"); no blank.</param>
/// <param name="Samples">One value per frame, −32767..32767, or <see cref="WfdbWriter.InvalidSample"/> for "no sample"
/// (signal(5): −32768 in format 16; the reader turns it into NaN).</param>
public sealed record WfdbOutputSignal(string Description, double Gain, int Baseline, string Units, int[] Samples);
