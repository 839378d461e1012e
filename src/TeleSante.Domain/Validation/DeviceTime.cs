using System.Globalization;

namespace TeleSante.Domain.Validation;

/// <summary>
/// Converts device clock readings to the gateway's time unit, signed 64-bit nanoseconds since the Unix
/// epoch (InfluxDB's timestamp). That unit holds 1970-01-01 .. 2262-04-11 only (before 1970 a device
/// time is negative, which the wire formats do not allow); a time outside it is refused before the
/// multiplication, which would otherwise wrap around silently (issue 9: year 2611 became "today").
/// </summary>
public static class DeviceTime
{
    private const long NanosPerTick = 100;

    /// <summary>The earliest representable device time, the Unix epoch.</summary>
    public static DateTimeOffset Earliest { get; } = DateTimeOffset.UnixEpoch;

    /// <summary>The latest representable device time, 2262-04-11T23:47:16.8547758Z (to the tick).</summary>
    public static DateTimeOffset Latest { get; } = DateTimeOffset.UnixEpoch.AddTicks(long.MaxValue / NanosPerTick);

    /// <summary>Nanoseconds since the epoch, or false when <paramref name="time"/> is outside
    /// <see cref="Earliest"/> .. <see cref="Latest"/>.</summary>
    public static bool TryToUnixNanoseconds(DateTimeOffset time, out long ns)
    {
        var ticks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
        if (ticks < 0 || ticks > long.MaxValue / NanosPerTick)
        {
            ns = 0;
            return false;
        }

        ns = ticks * NanosPerTick;
        return true;
    }

    /// <summary>The detail of a refusal for a time that nanoseconds cannot hold.</summary>
    public static string DescribeUnrepresentable(DateTimeOffset time) => string.Create(
        CultureInfo.InvariantCulture,
        $"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ} is outside {Earliest.UtcDateTime:yyyy-MM-dd} .. {Latest.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}, the range of int64 nanoseconds since 1970");

    /// <summary>RFC 3339 for a nanosecond time that a DateTime can show, otherwise the raw number.</summary>
    public static string Format(long ns)
    {
        var ticks = ns / NanosPerTick;
        return ticks < DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks || ticks > DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks
            ? ns.ToString(CultureInfo.InvariantCulture) + " ns"
            : new DateTime(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
    }
}
