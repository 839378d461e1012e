using System.Text;

namespace TeleSante.Storage.Influx;

/// <summary>
/// Quoting for InfluxQL, so queries are never built from raw strings (injection, or a quote in a
/// patient id breaking the query).
/// </summary>
/// <remarks>
/// InfluxQL's scanner (influxql ScanString) knows four escapes inside quotes — <c>\\</c>,
/// <c>\'</c>, <c>\"</c> and <c>\n</c> — rejects any other escape, and rejects a raw newline.
/// Both helpers therefore escape backslash, the quote in use and newline; everything else
/// (unicode, tabs) is written as is. Two characters cannot be expressed at all, so text containing
/// them is refused: a carriage return (the scanner's reader turns it into a newline and there is no
/// <c>\r</c> escape; 1.6.7 answers "found cr, expected identifier") and NUL (the scanner's
/// end-of-input marker is rune 0; "found nul").
/// </remarks>
public static class InfluxQl
{
    /// <summary>A string literal: <c>'it\'s'</c>. Use for tag and string-field comparisons.</summary>
    /// <exception cref="ArgumentException">A carriage return or NUL, or an unpaired surrogate (would
    /// be sent as U+FFFD and never match).</exception>
    public static string QuoteString(string value) => Quote(value, '\'', nameof(value));

    /// <summary>A quoted identifier: <c>"blood pressure"</c>. Use for databases, measurements,
    /// tag keys and field keys (always safe, even for keywords such as <c>time</c> or <c>from</c>).</summary>
    /// <exception cref="ArgumentException">Empty, a carriage return or NUL, or an unpaired surrogate.</exception>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return Quote(identifier, '"', nameof(identifier));
    }

    private static string Quote(string value, char quote, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (HasUnpairedSurrogate(value))
        {
            throw new ArgumentException("The text contains an unpaired surrogate.", parameterName);
        }

        if (value.AsSpan().IndexOfAny('\r', '\0') >= 0)
        {
            throw new ArgumentException("InfluxQL 1.x cannot express a carriage return or NUL character inside quotes.", parameterName);
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                    break;
            }
        }

        builder.Append(quote);
        return builder.ToString();
    }

    private static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
