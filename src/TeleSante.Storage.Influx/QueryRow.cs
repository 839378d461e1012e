using System.Collections;
using System.Text.Json;

namespace TeleSante.Storage.Influx;

/// <summary>
/// One row of a <see cref="QuerySeries"/>: values aligned with <see cref="QuerySeries.Columns"/>.
/// </summary>
/// <remarks>
/// Values are JSON as InfluxDB 1.x prints them: a float with an integral value has no decimal
/// point (1.0 prints as <c>1</c>, -0.0 as <c>-0</c>), so a number does not tell float from
/// integer; the typed getters read what the caller expects. With epoch=ns the time column is an
/// integer of nanoseconds. Missing values are JSON null. The elements stay valid for the life of
/// the row (they reference a private copy of the response chunk).
/// </remarks>
public readonly struct QueryRow : IReadOnlyList<JsonElement>
{
    private readonly JsonElement _values;

    /// <summary>Wraps a JSON array of values (as found in InfluxDB's <c>values</c> member).</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not an array.</exception>
    public QueryRow(JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"A row must be a JSON array, not {values.ValueKind}.", nameof(values));
        }

        _values = values;
    }

    /// <summary>Number of values (equals the number of columns).</summary>
    public int Count => _values.ValueKind == JsonValueKind.Array ? _values.GetArrayLength() : 0;

    /// <summary>The raw JSON value of a column.</summary>
    public JsonElement this[int index] => _values[index];

    /// <summary>True when the column has no value in this row (JSON null).</summary>
    public bool IsNull(int column) => this[column].ValueKind == JsonValueKind.Null;

    /// <summary>A float (or integer) value as double; exact for every float InfluxDB stored.</summary>
    public double GetDouble(int column) => this[column].GetDouble();

    /// <summary>An integer value (or the ns time column with epoch=ns).</summary>
    public long GetInt64(int column) => this[column].GetInt64();

    /// <summary>A string value (string fields, tags in SHOW results, time without epoch).</summary>
    public string? GetString(int column) => this[column].GetString();

    /// <summary>A boolean value.</summary>
    public bool GetBoolean(int column) => this[column].GetBoolean();

    /// <summary>The raw JSON of the row, for diagnostics.</summary>
    public override string ToString() => _values.ValueKind == JsonValueKind.Undefined ? "[]" : _values.GetRawText();

    public IEnumerator<JsonElement> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _values[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
