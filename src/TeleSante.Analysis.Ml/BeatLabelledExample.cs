using TeleSante.Analysis.Beats;

namespace TeleSante.Analysis.Ml;

/// <summary>One beat of the training or evaluation data, with where it came from.</summary>
/// <param name="Source">"synthetic" or the record's name (mitdb-100).</param>
/// <param name="Kind">The generated rhythm (sinus, pac, pvc, bigeminy, mixed, af-pvc) or "record".</param>
/// <param name="Seed">The generator's seed; 0 for a real record.</param>
/// <param name="Lead">The lead the features were taken on.</param>
/// <param name="Label">The reference class: <see cref="BeatClass.N"/>, <see cref="BeatClass.S"/> or <see cref="BeatClass.V"/>.</param>
/// <param name="Features">The beat's features in <see cref="BeatFeatures.Names"/> order.</param>
public sealed record BeatLabelledExample(string Source, string Kind, int Seed, int Lead, BeatClass Label, float[] Features)
{
    public BeatRow ToRow() => new() { Features = Features, Label = Label.ToString() };
}
