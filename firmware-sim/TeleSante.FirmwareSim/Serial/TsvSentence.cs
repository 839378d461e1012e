using System.Globalization;
using System.Text;

namespace TeleSante.FirmwareSim.Serial;

/// <summary>
/// The device side of the TSV1 serial line protocol (specified in TeleSante.StationAgent's
/// SerialLineProtocol): builds sentences as a device firmware would, NMEA-style,
/// <c>$&lt;body&gt;*&lt;XOR checksum as two upper-case hex digits&gt;\r\n</c>. Kept separate from the agent's
/// parser on purpose, as a device maker's own implementation, so the two check each other.
/// </summary>
public static class TsvSentence
{
    /// <summary>RFC 3339 UTC with milliseconds, what a device RTC typically gives.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>$TSV1,seq,time,code,value,unit*CS</c>; <paramref name="code"/> is numeric or an MDC reference id.</summary>
    public static string Observation(ulong seq, DateTimeOffset time, string code, double value, string unit) =>
        Frame(string.Create(CultureInfo.InvariantCulture, $"TSV1,{seq},{Time(time)},{code},{Number(value)},{unit}"));

    /// <summary><c>$TSB1,seq,time,sys,dia,mean,unit,pulse*CS</c>; null mean or pulse leaves the field empty.</summary>
    public static string BloodPressure(ulong seq, DateTimeOffset time, double systolic, double diastolic, double? mean, string unit, double? pulse) =>
        Frame(string.Create(CultureInfo.InvariantCulture, $"TSB1,{seq},{Time(time)},{Number(systolic)},{Number(diastolic)},{(mean is { } m ? Number(m) : string.Empty)},{unit},{(pulse is { } p ? Number(p) : string.Empty)}"));

    /// <summary><c>$TSE1,seq,time,event,code,text*CS</c>: a device event; <paramref name="code"/> empty for the device as a whole.</summary>
    public static string Event(ulong seq, DateTimeOffset time, string eventCode, string code, string text) =>
        Frame(string.Create(CultureInfo.InvariantCulture, $"TSE1,{seq},{Time(time)},{eventCode},{code},{text}"));

    /// <summary>Adds '$', the checksum and CR LF to a sentence body.</summary>
    public static string Frame(string body)
    {
        byte checksum = 0;
        foreach (var b in Encoding.ASCII.GetBytes(body))
        {
            checksum ^= b;
        }

        return string.Create(CultureInfo.InvariantCulture, $"${body}*{checksum:X2}\r\n");
    }

    // Plain decimal, no exponent: "R" could print 1E-05, which TSV1 does not allow.
    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
