namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>
/// Time as the simulated devices see it: nanoseconds since the Unix epoch, as ReadingBatch carries
/// it, read from an injected <see cref="TimeProvider"/> so tests can run a 40 s cuff cycle instantly.
/// </summary>
internal static class DeviceClock
{
    public const long NanosPerMillisecond = 1_000_000;
    public const long NanosPerSecond = 1_000_000_000;

    public static long NowNs(TimeProvider time) => ToNs(time.GetUtcNow());

    public static long ToNs(DateTimeOffset instant) => (instant.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    public static long SecondsToNs(double seconds) => (long)Math.Round(seconds * NanosPerSecond);

    /// <summary>
    /// The devices' clocks tick in milliseconds (finer than the 1/100 s of IEEE 11073-20601
    /// AbsoluteTime), which also keeps every time exact through the JSON form's RFC 3339 strings.
    /// </summary>
    public static long RoundToMs(long ns) => (long)Math.Round(ns / (double)NanosPerMillisecond) * NanosPerMillisecond;

    /// <summary>Waits on <paramref name="time"/> until <paramref name="targetNs"/>; returns at once if it has passed.</summary>
    public static async Task DelayUntilAsync(TimeProvider time, long targetNs, CancellationToken cancellationToken)
    {
        var remainingNs = targetNs - NowNs(time);
        if (remainingNs > 0)
        {
            await Task.Delay(TimeSpan.FromTicks((remainingNs + 99) / 100), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
