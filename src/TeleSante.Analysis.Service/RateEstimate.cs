namespace TeleSante.Analysis.Service;

/// <summary>The server's heart rate: 60 / median of the last RR intervals, with the span those beats cover.</summary>
/// <param name="Bpm">Beats per minute.</param>
/// <param name="FromNs">First beat of the intervals used.</param>
/// <param name="ToNs">Last beat of the intervals used: the rate's time.</param>
/// <param name="Intervals">RR intervals the median was taken over.</param>
public readonly record struct RateEstimate(double Bpm, long FromNs, long ToNs, int Intervals);
