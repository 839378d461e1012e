using System.Collections.Concurrent;

namespace TeleSante.Gateway.Security;

/// <summary>Live connections per device, so revoking a device cuts them at once (gRPC streams are
/// cancelled; MQTT clients are disconnected by the broker's own handler).</summary>
internal sealed class DeviceConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<CancellationTokenSource, byte>> _streams = new(StringComparer.Ordinal);

    /// <summary>Raised with the device id when a revoked device must be disconnected.</summary>
    public event Action<string>? Cut;

    /// <summary>Registers a live stream; null when the device already holds <paramref name="limit"/> of them.</summary>
    public IDisposable? TryRegister(string deviceId, CancellationTokenSource stream, int limit)
    {
        var set = _streams.GetOrAdd(deviceId, _ => new ConcurrentDictionary<CancellationTokenSource, byte>());
        lock (set)
        {
            if (set.Count >= limit)
            {
                return null;
            }

            set[stream] = 0;
        }

        return new Registration(() => set.TryRemove(stream, out _));
    }

    public void CutAll(string deviceId)
    {
        if (_streams.TryGetValue(deviceId, out var set))
        {
            foreach (var stream in set.Keys)
            {
                stream.Cancel();
            }
        }

        Cut?.Invoke(deviceId);
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
