namespace TeleSante.Analysis.Service;

/// <summary>
/// A stretch of a stream without analysis, said explicitly (a screen shows "—" and why, never an old value).
/// </summary>
/// <param name="FromNs">Start, ns since epoch.</param>
/// <param name="ToNs">End (exclusive), ns since epoch.</param>
/// <param name="Reason">One of the constants: the detector's <see cref="Missing"/> / <see cref="Flat"/>, or the service's own.</param>
/// <param name="Lead">The lead's MDC code when one lead of several dropped out; 0 for the whole stream.</param>
/// <param name="Open">True while the segment is still going on (its end is the last sample seen so far).</param>
public readonly record struct NotAnalysedSpan(long FromNs, long ToNs, string Reason, uint Lead, bool Open = false)
{
    /// <summary>No samples (the ADC's invalid value).</summary>
    public const string Missing = "missing";

    /// <summary>Flat signal: lead off or saturated.</summary>
    public const string Flat = "flat";

    /// <summary>Noise too strong for the beats to be classified or the rhythm judged (the noise marker): beats inside are
    /// still reported, class Q.</summary>
    public const string Noise = "noise";

    /// <summary>A hole in the device's signal (samples never received, or a sequence gap): RR restarts after it.</summary>
    public const string Gap = "gap";

    /// <summary>The analysis queue was full: the batch is stored but was not analysed.</summary>
    public const string Overload = "overload";

    /// <summary>The analysis of the batch failed (logged); the batch is stored.</summary>
    public const string Error = "error";

    /// <summary>The batch arrived after later samples were analysed (or overlaps them): not analysed twice.</summary>
    public const string OutOfOrder = "out-of-order";
}
