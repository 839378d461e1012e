using System.Collections.Concurrent;

namespace TeleSante.Ingestion;

/// <summary>A token bucket per device: one misbehaving device cannot take the pipeline from the others.</summary>
public sealed class DeviceRateLimiter(double tokensPerSecond, int burst, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string deviceId)
    {
        // Looked up first: GetOrAdd with a capturing lambda would allocate a closure on every batch (issue 14).
        if (!_buckets.TryGetValue(deviceId, out var bucket))
        {
            bucket = _buckets.GetOrAdd(deviceId, static (_, state) => new Bucket(state.burst, state.time.GetTimestamp()), (burst, time));
        }

        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * tokensPerSecond));
            bucket.Stamp = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
