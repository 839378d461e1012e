using System.Globalization;

namespace TeleSante.Bench.Infrastructure;

/// <summary>
/// Linux pressure stall information (/proc/pressure/cpu, "some" line): the accumulated time during
/// which at least one runnable task waited for a CPU. Over a window it says how contended the two
/// cores were, whoever caused it: near 0 % the figures are the machine's, at 50-80 % (other
/// engineers' builds and tests running) every throughput figure is a lower bound.
/// </summary>
public readonly record struct CpuPressure(long StallMicroseconds)
{
    public static CpuPressure? Read()
    {
        try
        {
            // "some avg10=1.23 avg60=0.50 avg300=0.10 total=123456" (kernel Documentation/accounting/psi.rst).
            var some = File.ReadLines("/proc/pressure/cpu").First(l => l.StartsWith("some ", StringComparison.Ordinal));
            var total = some.Split(' ').First(p => p.StartsWith("total=", StringComparison.Ordinal))["total=".Length..];
            return new CpuPressure(long.Parse(total, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Percentage of <paramref name="wallSeconds"/> with some task stalled on CPU.</summary>
    public static double? Percent(CpuPressure? before, CpuPressure? after, double wallSeconds) =>
        before is { } b && after is { } a && wallSeconds > 0 ? Math.Round(100.0 * (a.StallMicroseconds - b.StallMicroseconds) / 1e6 / wallSeconds, 1) : null;
}
