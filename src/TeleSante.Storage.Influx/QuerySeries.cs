namespace TeleSante.Storage.Influx;

/// <summary>
/// One series of a query result: InfluxDB 1.x returns one per measurement and, with
/// <c>GROUP BY</c>, per tag set. Rows of a series split across chunks (<c>partial: true</c>) are
/// already merged.
/// </summary>
public sealed class QuerySeries
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>Creates a series (for results and for fakes in tests).</summary>
    public QuerySeries(int statementId, string name, IReadOnlyDictionary<string, string>? tags, IReadOnlyList<string> columns, IReadOnlyList<QueryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        StatementId = statementId;
        Name = name;
        Tags = tags ?? NoTags;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>0-based index of the statement (in a ';'-separated query) this series answers.</summary>
    public int StatementId { get; }

    /// <summary>The measurement name (or e.g. "measurements" for SHOW MEASUREMENTS).</summary>
    public string Name { get; }

    /// <summary>Tag values of this series when grouped by tags; empty otherwise. A tag absent
    /// from the series is reported by InfluxDB as an empty string.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>Column names; <c>time</c> first for SELECT.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows, in the order InfluxDB returned them (time ascending unless ORDER BY time DESC).</summary>
    public IReadOnlyList<QueryRow> Rows { get; }

    /// <summary>Index of <paramref name="column"/> in <see cref="Columns"/>, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString() => $"{Name} ({Rows.Count} rows, statement {StatementId})";
}
