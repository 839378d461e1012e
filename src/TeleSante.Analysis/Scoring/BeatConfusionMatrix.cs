namespace TeleSante.Analysis.Scoring;

/// <summary>
/// Counts of reference class × detected class, as EC57's beat-by-beat tables: a null reference class is a detected beat
/// with no reference beat (false positive), a null detected class a reference beat nothing matched (false negative).
/// </summary>
public sealed class BeatConfusionMatrix
{
    private static readonly int Size = Enum.GetValues<BeatClass>().Length + 1;
    private readonly int[,] _counts = new int[Size, Size];

    /// <summary>Every class, then null for "none", the order rows and columns are printed in.</summary>
    public static IReadOnlyList<BeatClass?> Classes { get; } = [.. Enum.GetValues<BeatClass>().Select(c => (BeatClass?)c), null];

    public int this[BeatClass? reference, BeatClass? detected] => _counts[Slot(reference), Slot(detected)];

    internal void Add(BeatClass? reference, BeatClass? detected) => _counts[Slot(reference), Slot(detected)]++;

    private static int Slot(BeatClass? c) => c is { } value ? (int)value : Size - 1;
}
