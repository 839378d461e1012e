namespace TeleSante.Analysis.Service;

/// <summary>A rhythm finding over a window of consecutive beats.</summary>
/// <param name="Code"><see cref="AfSuspected"/> or <see cref="AfNotSuspected"/> (the AF classifier's verdict on the window).</param>
/// <param name="StartNs">First beat of the window.</param>
/// <param name="EndNs">Last beat of the window.</param>
/// <param name="Probability">The model's calibrated probability of AF, 0..1.</param>
public readonly record struct RhythmEpisode(string Code, long StartNs, long EndNs, double Probability)
{
    public const string AfSuspected = "af-suspected";
    public const string AfNotSuspected = "af-not-suspected";
}
