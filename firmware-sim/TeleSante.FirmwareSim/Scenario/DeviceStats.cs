namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Counters of one simulated device, read by the live display while the device updates them.</summary>
public sealed class DeviceStats(string name, string kind, string transport)
{
    private long _sent;
    private long _acked;
    private long _duplicates;
    private long _rejected;
    private long _reconnects;

    public string Name { get; } = name;

    public string Kind { get; } = kind;

    public string Transport { get; } = transport;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Batches sent and not yet answered.</summary>
    public Func<int> Pending { get; set; } = static () => 0;

    public string? LastError { get; set; }

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAcked(bool duplicate)
    {
        Interlocked.Increment(ref _acked);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    public void OnRejected(string reason)
    {
        Interlocked.Increment(ref _rejected);
        LastError = reason;
    }

    public void SetReconnects(long value) => Interlocked.Exchange(ref _reconnects, value);
}
