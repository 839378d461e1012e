using System.Collections.Concurrent;

namespace TeleSante.Ingestion;

/// <summary>A token bucket per device: one misbehaving device cannot take the pipeline from the others.</summary>
public sealed class DeviceRateLimiter(double tokensPerSecond, int burst, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string deviceId)
    {
        var bucket = _buckets.GetOrAdd(deviceId, _ => new Bucket(burst, time.GetTimestamp()));
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
