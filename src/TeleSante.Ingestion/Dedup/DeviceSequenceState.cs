namespace TeleSante.Ingestion.Dedup;

/// <summary>
/// Accepted sequence numbers of one device: the highest, plus a bitmap of the <c>window</c> sequence
/// numbers below it (inclusive), so out-of-order delivery within the window is handled exactly.
/// Not thread-safe: <see cref="DeduplicationIndex"/> locks around it.
/// </summary>
internal sealed class DeviceSequenceState(int window)
{
    private readonly ulong[] _bits = new ulong[window / 64];
    private readonly Dictionary<ulong, TaskCompletionSource<bool>> _inFlight = [];

    public ulong High { get; private set; }

    public int Window => window;

    public ReadOnlySpan<ulong> Bits => _bits;

    public Dictionary<ulong, TaskCompletionSource<bool>> InFlight => _inFlight;

    public bool IsStale(ulong seq) => High >= (ulong)window && seq <= High - (ulong)window;

    public bool Contains(ulong seq)
    {
        if (seq > High || IsStale(seq))
        {
            return false;
        }

        var slot = seq % (ulong)window;
        return (_bits[slot / 64] & (1UL << (int)(slot % 64))) != 0;
    }

    public void Add(ulong seq)
    {
        if (IsStale(seq))
        {
            return;
        }

        if (seq > High)
        {
            // Slots between the old high and seq now describe new sequence numbers: clear them.
            var advance = seq - High;
            if (advance >= (ulong)window)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (var s = High + 1; s < seq; s++)
                {
                    Clear(s);
                }
            }

            High = seq;
        }

        var slot = seq % (ulong)window;
        _bits[slot / 64] |= 1UL << (int)(slot % 64);
    }

    public void Restore(ulong high, ReadOnlySpan<ulong> bits)
    {
        High = high;
        bits.CopyTo(_bits);
    }

    private void Clear(ulong seq)
    {
        var slot = seq % (ulong)window;
        _bits[slot / 64] &= ~(1UL << (int)(slot % 64));
    }
}
