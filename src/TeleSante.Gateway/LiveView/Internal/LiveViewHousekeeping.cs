namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>Releases frames held for reordering once their wait is over, and forgets idle sessions.</summary>
internal sealed class LiveViewHousekeeping(LiveFanOut fanOut, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan EvictEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var lastEviction = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                fanOut.ReleaseOverdue();
                if (time.GetElapsedTime(lastEviction) >= EvictEvery)
                {
                    fanOut.EvictIdle();
                    lastEviction = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
