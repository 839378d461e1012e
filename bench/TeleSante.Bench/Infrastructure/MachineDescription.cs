using System.Globalization;
using System.Runtime.InteropServices;

namespace TeleSante.Bench.Infrastructure;

/// <summary>What the figures were measured on, written next to every result.</summary>
/// <param name="LoadAverage1m">1-minute load average when the run started: above the core count,
/// other work was competing for the CPU (the machine is shared with other engineers' test runs).</param>
public sealed record MachineDescription(string Date, string Os, int Cores, double MemoryGiB, string Runtime, string InfluxVersion, double LoadAverage1m)
{
    public static MachineDescription Capture(string influxVersion)
    {
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new MachineDescription(
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            os,
            Environment.ProcessorCount,
            Math.Round(long.Parse(memory, CultureInfo.InvariantCulture) / 1048576.0, 1),
            RuntimeInformation.FrameworkDescription,
            influxVersion,
            LoadAverage());
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"{Date}; {Os}, {Cores} cores, {MemoryGiB} GiB; {Runtime}; influxd {InfluxVersion}; load average at start {LoadAverage1m:0.0}";
}
