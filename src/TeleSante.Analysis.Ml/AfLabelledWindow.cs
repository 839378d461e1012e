namespace TeleSante.Analysis.Ml;

/// <summary>One window of the training or evaluation data, with where it came from.</summary>
/// <param name="Source">"synthetic" or the record's name (mitdb-100).</param>
/// <param name="Kind">The generated rhythm (sinus, sinus-arrhythmia, pac, pvc, bigeminy, af) or "record".</param>
/// <param name="Seed">The generator's seed; 0 for a real record.</param>
/// <param name="Lead">The lead the beats were detected on (index in the record or in the generator's twelve leads).</param>
/// <param name="IsAf">The reference label.</param>
/// <param name="Features">The window's features in <c>RhythmWindow.FeatureNames</c> order.</param>
public sealed record AfLabelledWindow(string Source, string Kind, int Seed, int Lead, bool IsAf, float[] Features)
{
    public AfWindowRow ToRow() => new() { Features = Features, Label = IsAf };
}
