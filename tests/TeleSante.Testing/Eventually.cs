namespace TeleSante.Testing;

/// <summary>
/// Waits on an observable condition instead of sleeping for a guessed time: polls until it holds, and
/// fails with <c>because</c> (and the last value seen) if the deadline passes first. The poll interval only
/// bounds how late the test notices; the deadline is generous because the machine is shared.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because);

    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because) =>
        await ValueAsync(condition, static done => done, timeout, because).ConfigureAwait(false);

    /// <summary>Reads until <paramref name="done"/> holds for the value read, and returns that value.</summary>
    /// <exception cref="TimeoutException">No value read within <paramref name="timeout"/> satisfied <paramref name="done"/>.</exception>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not reached within {timeout}: {because} (last seen: {value})");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}
