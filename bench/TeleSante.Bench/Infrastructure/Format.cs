using System.Globalization;

namespace TeleSante.Bench.Infrastructure;

/// <summary>Number formatting for the tables: invariant culture, thousands separators, units.</summary>
public static class Format
{
    public static string Int(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("#,0." + new string('0', decimals), CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };
}
