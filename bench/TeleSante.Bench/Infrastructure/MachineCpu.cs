using System.Globalization;

namespace TeleSante.Bench.Infrastructure;

/// <summary>Machine-wide CPU time from the first line of /proc/stat, so a run can tell how much of
/// the two cores went to processes other than the ones it measures (other engineers' test runs on a
/// shared machine).</summary>
public readonly record struct MachineCpu(double BusySeconds, double TotalSeconds)
{
    public static MachineCpu Read()
    {
        // proc(5): "cpu user nice system idle iowait irq softirq steal ..." in USER_HZ ticks.
        var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        var total = values.Sum();
        return new MachineCpu((total - idle) / 100.0, total / 100.0);
    }

    /// <summary>Busy cores (0..core count) between two readings.</summary>
    public static double BusyCores(MachineCpu before, MachineCpu after, double wallSeconds) =>
        wallSeconds <= 0 ? 0 : (after.BusySeconds - before.BusySeconds) / wallSeconds;
}
