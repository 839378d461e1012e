namespace TeleSante.Analysis.Tool;

/// <summary>Generates the training and evaluation records of a model in parallel (2 cores), kept in index order, so
/// that the data (and the model) do not depend on scheduling.</summary>
internal static class ParallelRecords
{
    public static List<T> Generate<T>(int count, Func<int, List<T>> record)
    {
        var parts = new List<T>[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => parts[i] = record(i));
        return parts.SelectMany(p => p).ToList();
    }
}
