using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using TeleSante.Domain.Codes;

namespace TeleSante.StationAgent;

/// <summary>
/// The TeleSante serial vitals line protocol, version 1 (TSV1): what a serial vitals device (RS-232
/// monitor, BP cuff, oximeter, thermometer) writes for the station agent. Modelled on NMEA 0183
/// (IEC 61162-1): printable ASCII sentences, one per line, each with its own XOR checksum, so that a
/// receiver can resynchronise after noise and never mistake a damaged line for a reading.
/// </summary>
/// <remarks>
/// <para><b>Physical.</b> RS-232 (or USB-serial), 9600 baud 8N1, no flow control unless the port is
/// configured otherwise. The link is one-way: the device never waits for the agent.</para>
/// <para><b>Framing.</b> <c>$&lt;id&gt;,&lt;field&gt;,…*&lt;CS&gt;\r\n</c>. A sentence starts with
/// <c>$</c> and ends with LF; a CR before the LF is ignored. <c>CS</c> is the XOR of every byte
/// between <c>$</c> and <c>*</c> (both excluded) as two hex digits (upper case sent, either case
/// accepted). At most <see cref="MaxLineBytes"/> bytes from <c>$</c> to the last checksum digit,
/// printable ASCII only (0x20–0x7E). A <c>$</c> always starts a new sentence: bytes received before it
/// without a line end are a fragment. Empty lines are ignored.</para>
/// <para><b>Sentences.</b></para>
/// <list type="bullet">
/// <item><c>$TSV1,&lt;seq&gt;,&lt;time&gt;,&lt;code&gt;,&lt;value&gt;,&lt;unit&gt;*CS</c> — one
/// numeric observation, e.g. <c>$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*70</c> or
/// <c>$TSV1,1044,2026-11-22T10:16:30.000Z,MDC_TEMP_BODY,36.8,Cel*51</c>.</item>
/// <item><c>$TSB1,&lt;seq&gt;,&lt;time&gt;,&lt;sys&gt;,&lt;dia&gt;,&lt;mean&gt;,&lt;unit&gt;,&lt;pulse&gt;*CS</c>
/// — one non-invasive blood-pressure measurement: systolic, diastolic and mean pressure in
/// <c>unit</c> (<c>mm[Hg]</c> or <c>kPa</c>), and the cuff's pulse rate in /min. <c>mean</c> and
/// <c>pulse</c> may be empty (cuffs that do not compute them). The values are one measurement, so
/// they travel as one gateway batch: MDC_PRESS_BLD_NONINV_SYS/DIA/MEAN (150021/150022/150023) and
/// MDC_PULS_RATE_NON_INV (149546), all at <c>time</c>. Example:
/// <c>$TSB1,1043,2026-11-22T10:16:02.000Z,128,82,97,mm[Hg],71*5C</c>.</item>
/// <item><c>$TSE1,&lt;seq&gt;,&lt;time&gt;,&lt;event&gt;,&lt;code&gt;,&lt;text&gt;*CS</c> — a device
/// event instead of a value: <c>event</c> is the gateway's event code (README "Device events", e.g.
/// <c>cuff-loose</c>, <c>probe-off</c>: lower-case letters, digits and '-', 1..32), <c>code</c> the MDC
/// code or reference id of the measurement it concerns or empty for the device as a whole, <c>text</c>
/// the device's message (0..48 characters, no ','), e.g.
/// <c>$TSE1,1045,2026-11-22T10:17:00.000Z,cuff-loose,150021,E1*hh</c>.</item>
/// </list>
/// <para><b>Fields.</b></para>
/// <list type="bullet">
/// <item><c>seq</c>: decimal 1..18446744073709551615, strictly increasing per device over its whole
/// life (kept in non-volatile memory across power cycles; gaps are allowed). One sentence becomes one
/// gateway batch with this seq, so the gateway's (device, seq) deduplication reaches the device.</item>
/// <item><c>time</c>: RFC 3339 with an explicit offset, <c>YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)</c>,
/// 1 to 9 fraction digits: when the value was measured, on the device clock. From 1970 to
/// 2262-04-11T23:47:16.854775807Z, what int64 nanoseconds since 1970 hold; anything else is refused
/// as <see cref="LineRejectionReason.Syntax"/>, never wrapped round into another time.</item>
/// <item><c>code</c>: MDC numeric code (<c>150456</c>) or MDC reference id (<c>MDC_PULS_OXIM_SAT_O2</c>).</item>
/// <item><c>value</c>: <c>-?digits(.digits)?</c>, at most 16 characters; no exponent, no separators.</item>
/// <item><c>unit</c>: UCUM case-sensitive code (<c>%</c>, <c>/min</c>, <c>Cel</c>, <c>mm[Hg]</c>,
/// <c>mmol/L</c>), 1 to 16 printable characters other than space, <c>,</c>, <c>*</c> and <c>$</c>.</item>
/// </list>
/// <para>The agent checks syntax and checksum only; codes, units, ranges and clock skew are judged by
/// the gateway, whose refusals the agent keeps in its rejected-batches file.</para>
/// </remarks>
public static class SerialLineProtocol
{
    /// <summary>Longest sentence, from '$' to the last checksum digit (NMEA allows 82; our ids and
    /// RFC 3339 times with nanoseconds need more).</summary>
    public const int MaxLineBytes = 160;

    /// <summary>Sentence id of a single observation.</summary>
    public const string ObservationSentence = "TSV1";

    /// <summary>Sentence id of a blood-pressure measurement.</summary>
    public const string BloodPressureSentence = "TSB1";

    /// <summary>Sentence id of a device event.</summary>
    public const string EventSentence = "TSE1";

    private const int MaxEventCodeChars = 32;
    private const int MaxEventTextChars = 48;

    private const int MaxValueChars = 16;
    private const int MaxUnitChars = 16;
    private const long NanosPerTick = 100;

    /// <summary>XOR of <paramref name="body"/> (the bytes between '$' and '*').</summary>
    public static byte Checksum(ReadOnlySpan<byte> body)
    {
        byte sum = 0;
        foreach (var b in body)
        {
            sum ^= b;
        }

        return sum;
    }

    /// <summary>Builds a complete sentence with its checksum and CR LF from the text between '$' and '*',
    /// e.g. <c>TSV1,1,2026-11-22T10:15:30Z,150456,97,%</c>.</summary>
    public static string Format(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var checksum = Checksum(Encoding.ASCII.GetBytes(body));
        return string.Create(CultureInfo.InvariantCulture, $"${body}*{checksum:X2}\r\n");
    }

    /// <summary>
    /// Parses one line (without its line end). Returns false with the reason when it is not a valid
    /// TSV1 sentence; never throws on device input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out SerialSentence? sentence, out LineRejection rejection)
    {
        sentence = null;
        if (line.Length > MaxLineBytes)
        {
            rejection = new(LineRejectionReason.TooLong, $"{line.Length} bytes, the limit is {MaxLineBytes}");
            return false;
        }

        if (line.IsEmpty || line[0] != (byte)'$')
        {
            rejection = new(LineRejectionReason.Syntax, "a sentence starts with '$'");
            return false;
        }

        var star = line.Length - 3;
        if (star < 1 || line[star] != (byte)'*')
        {
            rejection = new(LineRejectionReason.Syntax, "a sentence ends with '*' and two hex digits");
            return false;
        }

        if (!TryHex(line[star + 1], out var high) || !TryHex(line[star + 2], out var low))
        {
            rejection = new(LineRejectionReason.Syntax, "the checksum after '*' is not two hex digits");
            return false;
        }

        var body = line[1..star];
        var expected = (byte)((high << 4) | low);
        var actual = Checksum(body);
        if (actual != expected)
        {
            rejection = new(LineRejectionReason.Checksum, string.Create(CultureInfo.InvariantCulture, $"checksum {expected:X2} sent, {actual:X2} computed"));
            return false;
        }

        // Checked after the checksum: a damaged byte is reported as damage rather than as bad syntax.
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] is < 0x20 or > 0x7E or (byte)'$' or (byte)'*')
            {
                rejection = new(LineRejectionReason.Syntax, $"byte 0x{body[i]:X2} at offset {i + 1} is not allowed in a sentence");
                return false;
            }
        }

        // Only printable ASCII from here on, so a string is an exact copy of the bytes.
        var fields = Encoding.ASCII.GetString(body).Split(',');
        return fields[0] switch
        {
            ObservationSentence => TryParseObservation(fields, out sentence, out rejection),
            BloodPressureSentence => TryParseBloodPressure(fields, out sentence, out rejection),
            EventSentence => TryParseEvent(fields, out sentence, out rejection),
            _ => Fail(new(LineRejectionReason.UnknownSentence, $"sentence '{fields[0]}' is not {ObservationSentence}, {BloodPressureSentence} or {EventSentence}"), out sentence, out rejection),
        };
    }

    private static bool TryParseObservation(string[] fields, out SerialSentence? sentence, out LineRejection rejection)
    {
        sentence = null;
        if (fields.Length != 6)
        {
            rejection = new(LineRejectionReason.Syntax, $"{ObservationSentence} has 5 fields (seq,time,code,value,unit), got {fields.Length - 1}");
            return false;
        }

        if (!TryHeader(fields, out var seq, out var timeNs, out rejection) ||
            !TryCode(fields[3], out var mdc, out rejection) ||
            !TryValue(fields[4], "value", out var value, out rejection) ||
            !TryUnit(fields[5], out rejection))
        {
            return false;
        }

        sentence = new SerialSentence(ObservationSentence, seq, timeNs, [new SerialObservation(mdc, value, fields[5])]);
        return true;
    }

    private static bool TryParseBloodPressure(string[] fields, out SerialSentence? sentence, out LineRejection rejection)
    {
        sentence = null;
        if (fields.Length != 8)
        {
            rejection = new(LineRejectionReason.Syntax, $"{BloodPressureSentence} has 7 fields (seq,time,sys,dia,mean,unit,pulse), got {fields.Length - 1}");
            return false;
        }

        if (!TryHeader(fields, out var seq, out var timeNs, out rejection) ||
            !TryValue(fields[3], "sys", out var systolic, out rejection) ||
            !TryValue(fields[4], "dia", out var diastolic, out rejection) ||
            !TryUnit(fields[6], out rejection))
        {
            return false;
        }

        var unit = fields[6];
        var observations = new List<SerialObservation>(4)
        {
            new(CodeCatalog.BpSystolic, systolic, unit),
            new(CodeCatalog.BpDiastolic, diastolic, unit),
        };
        if (fields[5].Length > 0)
        {
            if (!TryValue(fields[5], "mean", out var mean, out rejection))
            {
                return false;
            }

            observations.Add(new(CodeCatalog.BpMean, mean, unit));
        }

        if (fields[7].Length > 0)
        {
            if (!TryValue(fields[7], "pulse", out var pulse, out rejection))
            {
                return false;
            }

            // The cuff's own pulse rate, always per minute (IEEE 11073-10407).
            observations.Add(new(CodeCatalog.PulseRateNonInvasive, pulse, "/min"));
        }

        sentence = new SerialSentence(BloodPressureSentence, seq, timeNs, observations);
        return true;
    }

    private static bool TryParseEvent(string[] fields, out SerialSentence? sentence, out LineRejection rejection)
    {
        sentence = null;
        if (fields.Length != 6)
        {
            rejection = new(LineRejectionReason.Syntax, $"{EventSentence} has 5 fields (seq,time,event,code,text), got {fields.Length - 1}");
            return false;
        }

        if (!TryHeader(fields, out var seq, out var timeNs, out rejection))
        {
            return false;
        }

        var code = fields[3];
        if (code.Length is 0 or > MaxEventCodeChars || !code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            rejection = new(LineRejectionReason.Syntax, $"event '{code}' must be 1..{MaxEventCodeChars} of [a-z0-9-]");
            return false;
        }

        uint mdc = 0;
        if (fields[4].Length > 0 && !TryCode(fields[4], out mdc, out rejection))
        {
            return false;
        }

        if (fields[5].Length > MaxEventTextChars)
        {
            rejection = new(LineRejectionReason.Syntax, $"text of {fields[5].Length} characters, the limit is {MaxEventTextChars}");
            return false;
        }

        sentence = new SerialSentence(EventSentence, seq, timeNs, [], [new SerialEvent(code, mdc, fields[5])]);
        return true;
    }

    private static bool TryHeader(string[] fields, out ulong seq, out long timeNs, out LineRejection rejection)
    {
        timeNs = 0;
        if (!IsDigits(fields[1]) || !ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out seq) || seq == 0)
        {
            seq = 0;
            rejection = new(LineRejectionReason.Syntax, $"seq '{fields[1]}' is not a decimal number 1..{ulong.MaxValue}");
            return false;
        }

        if (!TryParseTime(fields[2], out timeNs))
        {
            rejection = new(LineRejectionReason.Syntax, $"time '{fields[2]}' is not RFC 3339 with an offset (YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)) between 1970 and 2262-04-11 (int64 nanoseconds)");
            return false;
        }

        rejection = default;
        return true;
    }

    private static bool TryCode(string text, out uint mdc, out LineRejection rejection)
    {
        rejection = default;
        if (IsDigits(text))
        {
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mdc) && mdc > 0)
            {
                return true;
            }

            rejection = new(LineRejectionReason.Syntax, $"code '{text}' is not an MDC code 1..{uint.MaxValue}");
            return false;
        }

        if (text.StartsWith("MDC_", StringComparison.Ordinal))
        {
            if (CodeCatalog.TryFindByRefId(text, out mdc))
            {
                return true;
            }

            rejection = new(LineRejectionReason.UnknownCode, $"MDC reference id '{text}' is not known to this agent; send the numeric code");
            return false;
        }

        mdc = 0;
        rejection = new(LineRejectionReason.Syntax, $"code '{text}' is neither a numeric MDC code nor an MDC_ reference id");
        return false;
    }

    private static bool TryValue(string text, string name, out double value, out LineRejection rejection)
    {
        value = 0;
        rejection = default;
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        var dot = digits.IndexOf('.');
        var valid = text.Length <= MaxValueChars && (dot < 0
            ? IsDigits(digits)
            : IsDigits(digits[..dot]) && IsDigits(digits[(dot + 1)..]));
        if (!valid || !double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            rejection = new(LineRejectionReason.Syntax, $"{name} '{text}' is not a decimal number (-?digits[.digits], at most {MaxValueChars} characters)");
            return false;
        }

        return true;
    }

    private static bool TryUnit(string text, out LineRejection rejection)
    {
        rejection = default;
        if (text.Length is 0 or > MaxUnitChars || text.Contains(' ', StringComparison.Ordinal))
        {
            rejection = new(LineRejectionReason.Syntax, $"unit '{text}' must be 1..{MaxUnitChars} characters without spaces");
            return false;
        }

        return true;
    }

    /// <summary>Strict RFC 3339 (section 5.6 date-time) with 1..9 fraction digits, to the nanosecond.</summary>
    internal static bool TryParseTime(string text, out long timeNs)
    {
        timeNs = 0;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!TryInt(s[0..4], out var year) || !TryInt(s[5..7], out var month) || !TryInt(s[8..10], out var day) ||
            !TryInt(s[11..13], out var hour) || !TryInt(s[14..16], out var minute) || !TryInt(s[17..19], out var second))
        {
            return false;
        }

        var rest = s[19..];
        long fractionNs = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            var fraction = rest[1..digits];
            if (fraction.Length is 0 or > 9 || !long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out fractionNs))
            {
                return false;
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                fractionNs *= 10;
            }

            rest = rest[digits..];
        }

        TimeSpan offset;
        if (rest is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
                 TryInt(rest[1..3], out var offsetHours) && TryInt(rest[4..6], out var offsetMinutes) && offsetHours < 24 && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (rest[0] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        // A leap second (:60) cannot be represented by DateTime; a device clock should not produce one.
        if (year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        // Ticks arithmetic rather than a DateTimeOffset, which throws for an offset beyond ±14:00 or a
        // UTC time past 9999. Then range-checked before scaling: int64 nanoseconds end in 2262, and
        // the multiplication would wrap round silently (issue 9).
        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks - offset.Ticks - DateTime.UnixEpoch.Ticks;
        if (utc < 0 || utc > (long.MaxValue - fractionNs) / NanosPerTick)
        {
            return false;
        }

        timeNs = (utc * NanosPerTick) + fractionNs;
        return true;
    }

    private static bool TryInt(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        return IsDigits(digits) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    private static bool Fail(LineRejection reason, out SerialSentence? sentence, out LineRejection rejection)
    {
        sentence = null;
        rejection = reason;
        return false;
    }
}
