namespace TeleSante.Analysis.Ml;

/// <summary>The beat-level confusion matrix of the beat classifier over N, S and V (rows: reference, columns: model).</summary>
public sealed class BeatConfusion
{
    /// <summary>The classes of the matrix, in row and column order.</summary>
    public static IReadOnlyList<BeatClass> Classes { get; } = [BeatClass.N, BeatClass.S, BeatClass.V];

    private readonly int[,] _counts = new int[3, 3];

    public int this[BeatClass reference, BeatClass predicted] => _counts[Index(reference), Index(predicted)];

    public int Count { get; private set; }

    public void Add(BeatClass reference, BeatClass predicted)
    {
        _counts[Index(reference), Index(predicted)]++;
        Count++;
    }

    /// <summary>Beats of class <paramref name="c"/> called <paramref name="c"/> / beats of class c (NaN without any).</summary>
    public double Sensitivity(BeatClass c)
    {
        var i = Index(c);
        var total = 0;
        for (var j = 0; j < 3; j++)
        {
            total += _counts[i, j];
        }

        return (double)_counts[i, i] / total;
    }

    /// <summary>Beats called <paramref name="c"/> that are of class c / beats called c (NaN when none is).</summary>
    public double PositivePredictivity(BeatClass c)
    {
        var j = Index(c);
        var total = 0;
        for (var i = 0; i < 3; i++)
        {
            total += _counts[i, j];
        }

        return (double)_counts[j, j] / total;
    }

    /// <summary>The counts row by row (N, S, V), for comparisons and reports.</summary>
    public int[] ToArray()
    {
        var values = new int[9];
        for (var i = 0; i < 9; i++)
        {
            values[i] = _counts[i / 3, i % 3];
        }

        return values;
    }

    private static int Index(BeatClass c) => c switch
    {
        BeatClass.N => 0,
        BeatClass.S => 1,
        BeatClass.V => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, $"the matrix holds {string.Join(", ", Classes)} only"),
    };
}
