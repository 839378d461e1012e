namespace TeleSante.Bench.Infrastructure;

/// <summary>A process's accumulated CPU time and its memory at one instant (from /proc).</summary>
/// <param name="CpuSeconds">utime + stime, all threads.</param>
/// <param name="RssBytes">VmRSS: resident now.</param>
/// <param name="PeakRssBytes">VmHWM: the highest resident size so far.</param>
/// <param name="Threads">OS threads: a .NET process whose count keeps climbing under load is
/// injecting thread-pool threads because its pool is starved (blocked threads).</param>
public readonly record struct ProcessUsage(double CpuSeconds, long RssBytes, long PeakRssBytes, int Threads)
{
    /// <summary>Reads /proc/<paramref name="pid"/>/stat and /status; null once the process is gone.</summary>
    public static ProcessUsage? Read(int pid)
    {
        try
        {
            // proc(5): the comm field is in parentheses and may hold spaces, so count fields after the
            // last ')'. utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            long rss = 0, hwm = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiloBytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = KiloBytes(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan("Threads:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return new ProcessUsage(ticks / 100.0, rss, hwm, threads);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long KiloBytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
