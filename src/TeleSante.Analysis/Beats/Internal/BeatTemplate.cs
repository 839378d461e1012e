namespace TeleSante.Analysis.Beats.Internal;

/// <summary>One running QRS template: the mean of the beats that matched it (the last 16 weighing most), and how much
/// of the recent rhythm it stands for.</summary>
internal sealed class BeatTemplate(int length)
{
    public float[] Values { get; } = new float[length];

    public bool Active { get; set; }

    public int Count { get; set; }

    /// <summary>Decays by 2 % a beat, +1 for each beat that joins: about 50 × the share of recent beats it stands for.</summary>
    public double Weight { get; set; }

    public double Width { get; set; }

    public double PeakToPeak { get; set; }

    public int Polarity { get; set; }
}
