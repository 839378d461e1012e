namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>Wall-clock time as the devices stamp it: ns since the Unix epoch.</summary>
internal static class Ns
{
    public static long Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Now, rounded down to a whole millisecond (so ms-based ranges are exact).</summary>
    public static long NowWholeMs() => Now() / 1_000_000 * 1_000_000;
}
