using System.Globalization;
using System.Text.RegularExpressions;

namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>
/// Parser for header(5) files: a record line, one signal specification line per signal, and
/// comment lines ("#") anywhere. Blank lines are skipped (PTB headers separate comment blocks
/// with them; the WFDB library ignores them too).
/// </summary>
internal static partial class HeaderParser
{
    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Real = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // header(5) record line: "name[/segments] nsig [freq[/counterfreq[(basecounter)]] [nsamp [time [date]]]]".
    [GeneratedRegex(@"^(?<freq>[^/()]+)(/(?<counter>[^/()]+)(\((?<base>[^()]*)\))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FrequencyField();

    // header(5) signal line format field: "format[xsamples-per-frame][:skew][+byte-offset]".
    [GeneratedRegex(@"^(?<format>[0-9]+)(x(?<spf>[0-9]+))?(:(?<skew>[0-9]+))?(\+(?<offset>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FormatField();

    // header(5) signal line gain field: "gain[(baseline)][/units]".
    [GeneratedRegex(@"^(?<gain>[^/()]+)(\((?<baseline>[^()]*)\))?(/(?<units>\S+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex GainField();

    public static WfdbHeader Parse(string text, string path)
    {
        var comments = new List<string>();
        var signals = new List<WfdbSignalSpec>();
        WfdbHeader? record = null;
        var signalCount = 0;
        var recordLine = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            if (record is null)
            {
                (record, signalCount) = ParseRecordLine(line, path, lineNumber);
                recordLine = lineNumber;
            }
            else if (signals.Count < signalCount)
            {
                signals.Add(ParseSignalLine(line, record.Name, signals.Count, path, lineNumber));
            }
            else
            {
                throw new WfdbFormatException(path, $"the record line declares {signalCount} signal(s) but this line is one more: '{line}'", lineNumber);
            }
        }

        if (record is null)
        {
            throw new WfdbFormatException(path, "no record line (the header is empty or holds only comments)");
        }

        if (signals.Count < signalCount)
        {
            throw new WfdbFormatException(path, $"the record line declares {signalCount} signal(s) but only {signals.Count} signal line(s) follow", recordLine);
        }

        return record with { Signals = signals, Comments = comments };
    }

    private static (WfdbHeader Record, int SignalCount) ParseRecordLine(string line, string path, int lineNumber)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length > 6)
        {
            throw new WfdbFormatException(path, $"record line has {fields.Length} fields, header(5) allows at most 6 (name, signals, frequency, samples, time, date)", lineNumber);
        }

        var name = fields[0];
        if (name.Contains('/'))
        {
            throw new WfdbFormatException(path, $"record '{name}' is a multi-segment record (name/segments); only single-segment records are supported", lineNumber);
        }

        if (fields.Length < 2)
        {
            throw new WfdbFormatException(path, $"record line '{line}' lacks the number of signals", lineNumber);
        }

        var signalCount = ParseInt(fields[1], "number of signals", path, lineNumber);
        if (signalCount < 0)
        {
            throw new WfdbFormatException(path, $"number of signals {signalCount} is negative", lineNumber);
        }

        var record = new WfdbHeader { Name = name };
        if (fields.Length > 2)
        {
            var match = FrequencyField().Match(fields[2]);
            if (!match.Success)
            {
                throw new WfdbFormatException(path, $"sampling frequency field '{fields[2]}' is not 'frequency[/counter[(base)]]'", lineNumber);
            }

            var frequency = ParseReal(match.Groups["freq"].Value, "sampling frequency", path, lineNumber);
            if (!(frequency > 0) || double.IsInfinity(frequency))
            {
                throw new WfdbFormatException(path, $"sampling frequency {fields[2]} is not a positive number", lineNumber);
            }

            record = record with
            {
                SamplingFrequency = frequency,
                CounterFrequency = match.Groups["counter"].Success ? ParseReal(match.Groups["counter"].Value, "counter frequency", path, lineNumber) : null,
                BaseCounterValue = match.Groups["base"].Success ? ParseReal(match.Groups["base"].Value, "base counter value", path, lineNumber) : null,
            };
        }

        if (fields.Length > 3)
        {
            var samples = ParseLong(fields[3], "number of samples", path, lineNumber);
            if (samples < 0)
            {
                throw new WfdbFormatException(path, $"number of samples {samples} is negative", lineNumber);
            }

            record = record with { SampleCount = samples };
        }

        if (fields.Length > 4)
        {
            record = record with { BaseTime = ParseTime(fields[4], path, lineNumber) };
        }

        if (fields.Length > 5)
        {
            if (!DateOnly.TryParseExact(fields[5], "d/M/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new WfdbFormatException(path, $"base date '{fields[5]}' is not dd/mm/yyyy", lineNumber);
            }

            record = record with { BaseDate = date };
        }

        return (record, signalCount);
    }

    private static WfdbSignalSpec ParseSignalLine(string line, string recordName, int index, string path, int lineNumber)
    {
        // The description is everything after the eighth field and may contain blanks ("ECG lead I").
        var fields = SplitFields(line, 8, out var description);
        if (fields.Count < 2)
        {
            throw new WfdbFormatException(path, $"signal {index} line '{line}' lacks the format field (header(5): 'file format ...')", lineNumber);
        }

        var format = FormatField().Match(fields[1]);
        if (!format.Success)
        {
            throw new WfdbFormatException(path, $"signal {index} format field '{fields[1]}' is not 'format[xframes][:skew][+offset]'", lineNumber);
        }

        var formatNumber = ParseInt(format.Groups["format"].Value, "signal format", path, lineNumber);
        if (!SignalFormats.IsKnown(formatNumber))
        {
            throw new WfdbFormatException(path, $"signal {index} has format {formatNumber}, which signal(5) does not define", lineNumber);
        }

        var samplesPerFrame = format.Groups["spf"].Success ? ParseInt(format.Groups["spf"].Value, "samples per frame", path, lineNumber) : 1;
        if (samplesPerFrame < 1)
        {
            throw new WfdbFormatException(path, $"signal {index} has {samplesPerFrame} samples per frame", lineNumber);
        }

        var spec = new WfdbSignalSpec
        {
            FileName = fields[0],
            Format = formatNumber,
            SamplesPerFrame = samplesPerFrame,
            Skew = format.Groups["skew"].Success ? ParseInt(format.Groups["skew"].Value, "skew", path, lineNumber) : 0,
            ByteOffset = format.Groups["offset"].Success ? ParseLong(format.Groups["offset"].Value, "byte offset", path, lineNumber) : 0,
            GainIsDefault = true,
            AdcResolution = SignalFormats.DefaultResolution(formatNumber),
            Description = description ?? $"record {recordName}, signal {index}",
        };

        int? baseline = null;
        if (fields.Count > 2)
        {
            var gain = GainField().Match(fields[2]);
            if (!gain.Success)
            {
                throw new WfdbFormatException(path, $"signal {index} gain field '{fields[2]}' is not 'gain[(baseline)][/units]'", lineNumber);
            }

            var value = ParseReal(gain.Groups["gain"].Value, "ADC gain", path, lineNumber);
            if (value < 0 || !double.IsFinite(value))
            {
                throw new WfdbFormatException(path, $"signal {index} ADC gain {gain.Groups["gain"].Value} is negative or not finite", lineNumber);
            }

            // header(5): a zero gain means "uncalibrated"; the library then uses 200 adu per unit.
            spec = value == 0 ? spec : spec with { Gain = value, GainIsDefault = false };
            if (gain.Groups["baseline"].Success)
            {
                baseline = ParseInt(gain.Groups["baseline"].Value, "baseline", path, lineNumber);
            }

            if (gain.Groups["units"].Success)
            {
                spec = spec with { Units = gain.Groups["units"].Value };
            }
        }

        if (fields.Count > 3)
        {
            var resolution = ParseInt(fields[3], "ADC resolution", path, lineNumber);
            if (resolution < 0 || resolution > 32)
            {
                throw new WfdbFormatException(path, $"signal {index} ADC resolution {resolution} is outside 0..32 bits", lineNumber);
            }

            spec = resolution == 0 ? spec : spec with { AdcResolution = resolution };
        }

        var adcZero = fields.Count > 4 ? ParseInt(fields[4], "ADC zero", path, lineNumber) : 0;
        spec = spec with
        {
            AdcZero = adcZero,
            // header(5): baseline and initial value both default to the ADC zero.
            Baseline = baseline ?? adcZero,
            InitialValue = fields.Count > 5 ? ParseInt(fields[5], "initial value", path, lineNumber) : adcZero,
        };

        if (fields.Count > 6)
        {
            var checksum = ParseInt(fields[6], "checksum", path, lineNumber);
            if (checksum < short.MinValue || checksum > short.MaxValue)
            {
                throw new WfdbFormatException(path, $"signal {index} checksum {checksum} does not fit the 16-bit field of header(5)", lineNumber);
            }

            spec = spec with { Checksum = (short)checksum };
        }

        if (fields.Count > 7)
        {
            spec = spec with { BlockSize = ParseInt(fields[7], "block size", path, lineNumber) };
        }

        return spec;
    }

    /// <summary>Splits off up to <paramref name="count"/> blank-separated fields; the remainder, trimmed, is the description.</summary>
    private static List<string> SplitFields(string line, int count, out string? rest)
    {
        var fields = new List<string>(count);
        var i = 0;
        while (fields.Count < count)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                break;
            }

            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            fields.Add(line[start..i]);
        }

        var remainder = line[i..].Trim();
        rest = remainder.Length == 0 ? null : remainder;
        return fields;
    }

    private static TimeSpan ParseTime(string text, string path, int lineNumber)
    {
        // header(5) base time is "hh:mm:ss" with optional fractional seconds; leading parts may be omitted.
        var parts = text.Split(':');
        if (parts.Length > 3)
        {
            throw new WfdbFormatException(path, $"base time '{text}' is not hh:mm:ss", lineNumber);
        }

        var seconds = 0.0;
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new WfdbFormatException(path, $"base time '{text}' is not hh:mm:ss", lineNumber);
            }

            seconds = seconds * 60 + value;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static int ParseInt(string text, string what, string path, int lineNumber) =>
        int.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WfdbFormatException(path, $"{what} '{text}' is not an integer", lineNumber);

    private static long ParseLong(string text, string what, string path, int lineNumber) =>
        long.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WfdbFormatException(path, $"{what} '{text}' is not an integer", lineNumber);

    private static double ParseReal(string text, string what, string path, int lineNumber) =>
        double.TryParse(text, Real, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WfdbFormatException(path, $"{what} '{text}' is not a number", lineNumber);
}
