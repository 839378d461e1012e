using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Turnaround;

/// <summary>
/// Aggregates request timelines per specialty and priority. "Now" comes from the injected
/// <see cref="TimeProvider"/> (overdue depends on it). Percentiles are nearest-rank (the smallest value
/// with at least p % of the values at or below it), so every figure is a turnaround that really happened;
/// the median of an even count is the mean of the two middle values.
/// </summary>
public sealed class TurnaroundStatistics(TimeProvider time)
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public IReadOnlyList<TurnaroundFigures> Aggregate(IEnumerable<TeleExpertiseRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = _time.GetUtcNow();
        return requests
            .Select(r => RequestTurnaround.Of(r, now))
            .OfType<RequestTurnaround>()
            .GroupBy(t => (t.Specialty, t.Priority))
            .OrderBy(g => g.Key.Specialty, StringComparer.Ordinal).ThenBy(g => g.Key.Priority)
            .Select(g =>
            {
                var answered = g.Where(t => t.ToAnswer is not null).Select(t => t.ToAnswer!.Value).Order().ToArray();
                return new TurnaroundFigures(g.Key.Specialty, g.Key.Priority, g.Count(), answered.Length, Median(answered),
                    NearestRank(answered, 90), g.Count(t => t.Overdue), g.Count(t => t.AnsweredAt > t.DueAt));
            })
            .ToArray();
    }

    /// <summary>Median of sorted values; null when empty.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted values: the value at rank ceil(p/100 × n); null when empty.</summary>
    public static TimeSpan? NearestRank(IReadOnlyList<TimeSpan> sorted, int percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
