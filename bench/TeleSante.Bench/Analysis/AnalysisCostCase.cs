namespace TeleSante.Bench.Analysis;

/// <summary>One measured stream kind of the analysis-cost command.</summary>
/// <param name="SignalSeconds">Seconds of synthetic ECG analysed.</param>
/// <param name="CpuSeconds">Process CPU time spent analysing it (one thread; includes GC).</param>
/// <param name="CoreSecondsPerStreamHour">CPU per hour of one stream: CpuSeconds / SignalSeconds × 3600.</param>
/// <param name="StreamsPerCore">Real-time streams one core would analyse: SignalSeconds / CpuSeconds.</param>
/// <param name="Beats">Beats found (the generator draws about HeartRate/60 per second).</param>
/// <param name="AfWindows">AF windows classified by the ML.NET model.</param>
public sealed record AnalysisCostCase(string Name, int Leads, double SampleRateHz, double SignalSeconds, double CpuSeconds, double CoreSecondsPerStreamHour, double StreamsPerCore, long Beats, long AfWindows);
