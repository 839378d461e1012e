namespace TeleSante.Analysis.Internal;

/// <summary>A confirmed local maximum of the integrated feature: where, how high, its steepest slope, and the fiducial
/// point found for it in the wide-band signal (computed when the peak is confirmed, while the samples are still buffered).</summary>
internal readonly record struct Peak(long Index, double Value, double Slope, long Fiducial);
