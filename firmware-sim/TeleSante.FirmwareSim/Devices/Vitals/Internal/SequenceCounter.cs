namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>
/// A device's batch sequence number. ingest.proto wants it strictly increasing over the device's
/// lifetime, across reboots; a real device keeps it in flash. The simulator starts from the given
/// value or, failing that, from the clock in milliseconds, so a restarted simulator still counts up
/// and the gateway does not take its first batches for duplicates.
/// </summary>
internal sealed class SequenceCounter(ulong? first, TimeProvider time)
{
    private ulong _last = (first ?? (ulong)(time.GetUtcNow().ToUnixTimeMilliseconds())) - 1;

    /// <summary>The last number handed out (one less than the first before any).</summary>
    public ulong Last => _last;

    public ulong Next() => ++_last;
}
