namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>Fixed instants for the unit tests, so every run draws and stamps the same.</summary>
internal static class TestTimes
{
    public static readonly DateTimeOffset Morning = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    public static long MorningNs => ToNs(Morning);

    public static long ToNs(DateTimeOffset instant) => (instant.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    public static DateTimeOffset FromNs(long ns) => new(DateTime.UnixEpoch.Ticks + (ns / 100), TimeSpan.Zero);

    /// <summary>Now, to the millisecond, as ns: for batches the real gateway must accept.</summary>
    public static long NowMsNs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
}
