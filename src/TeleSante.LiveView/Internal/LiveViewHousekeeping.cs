namespace TeleSante.LiveView.Internal;

/// <summary>Releases frames held for reordering once their wait is over, forgets idle sessions, and cuts
/// live views whose sign-in expired (within a second).</summary>
internal sealed class LiveViewHousekeeping(LiveFanOut fanOut, LiveSubscriptions subscriptions, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan EvictEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExpiryEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var lastEviction = time.GetTimestamp();
        var lastExpiry = time.GetTimestamp();
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

                if (time.GetElapsedTime(lastExpiry) >= ExpiryEvery)
                {
                    await subscriptions.CutExpiredAsync(ExpiryEvery, stoppingToken).ConfigureAwait(false);
                    lastExpiry = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
