namespace TeleSante.Bench.Infrastructure;

/// <summary><see cref="ResourceMonitor"/>'s running totals for one named process.</summary>
internal sealed class ProcessTotals
{
    public int Pid { get; set; }

    public bool Seen { get; set; }

    public double LastCpu { get; set; }

    public double CpuSeconds { get; set; }

    public long MaxRss { get; set; }
}
