namespace TeleSante.Bench.Infrastructure;

/// <summary>
/// Samples named processes from /proc once a second. Pids are looked up at each sample, so a process
/// that restarts (influxd during an outage) keeps being followed; CPU is summed per pid so a restart
/// neither loses nor double-counts time.
/// </summary>
public sealed class ResourceMonitor : IAsyncDisposable
{
    private readonly IReadOnlyList<(string Name, Func<int?> Pid)> _processes;
    private readonly Dictionary<string, ProcessTotals> _totals = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly MachineCpu _machineStart = MachineCpu.Read();
    private readonly CpuPressure? _pressureStart = CpuPressure.Read();

    public ResourceMonitor(IReadOnlyList<(string Name, Func<int?> Pid)> processes)
    {
        _processes = processes;
        foreach (var (name, _) in processes)
        {
            _totals[name] = new ProcessTotals();
        }

        Sample();
        _loop = LoopAsync(_stop.Token);
    }

    /// <summary>CPU seconds <paramref name="name"/> has used since the monitor started.</summary>
    public double CpuSeconds(string name)
    {
        lock (_gate)
        {
            return _totals[name].CpuSeconds;
        }
    }

    /// <summary>Samples now, then the CPU seconds of <paramref name="name"/> since the monitor started: two
    /// readings bound a window to the second's tick, not to the 1 s sampling.</summary>
    public double CpuSecondsNow(string name)
    {
        Sample();
        return CpuSeconds(name);
    }

    /// <summary>Highest resident memory of <paramref name="name"/> seen so far, in MiB.</summary>
    public double MaxRssMiB(string name)
    {
        lock (_gate)
        {
            return _totals[name].MaxRss / 1048576.0;
        }
    }

    /// <summary>Everything since the monitor started.</summary>
    public ResourceSummary Summarize()
    {
        Sample();
        var wall = (DateTime.UtcNow - _started).TotalSeconds;
        var machine = MachineCpu.BusyCores(_machineStart, MachineCpu.Read(), wall);
        lock (_gate)
        {
            var processes = _processes.Select(p => new ProcessCpuSummary(p.Name, _totals[p.Name].CpuSeconds / wall, _totals[p.Name].MaxRss / 1048576.0)).ToList();
            return new ResourceSummary(wall, processes, machine, Math.Max(0, machine - processes.Sum(p => p.CpuCores)), CpuPressure.Percent(_pressureStart, CpuPressure.Read(), wall));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        foreach (var (name, pidOf) in _processes)
        {
            if (pidOf() is not { } pid || ProcessUsage.Read(pid) is not { } usage)
            {
                continue;
            }

            lock (_gate)
            {
                var totals = _totals[name];
                if (totals.Pid != pid)
                {
                    // A process first seen now (or restarted): its CPU before this moment is not ours to count
                    // unless it started after the monitor, which a restart within the run does.
                    totals.Pid = pid;
                    totals.LastCpu = totals.Seen ? 0 : usage.CpuSeconds;
                    totals.Seen = true;
                }

                totals.CpuSeconds += usage.CpuSeconds - totals.LastCpu;
                totals.LastCpu = usage.CpuSeconds;
                totals.MaxRss = Math.Max(totals.MaxRss, usage.RssBytes);
            }
        }
    }
}
