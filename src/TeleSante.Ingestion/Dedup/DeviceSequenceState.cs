namespace TeleSante.Ingestion.Dedup;

/// <summary>
/// Accepted sequence numbers of one device in its current numbering epoch: the highest, plus a bitmap
/// of the <c>window</c> sequence numbers below it (inclusive), so out-of-order delivery within the
/// window is handled exactly; and the epoch the current one replaced, whose late batches are stale.
/// Not thread-safe: <see cref="DeduplicationIndex"/> locks around it.
/// </summary>
internal sealed class DeviceSequenceState(int window)
{
    private readonly ulong[] _bits = new ulong[window / 64];
    private readonly Dictionary<(ulong Epoch, ulong Seq), TaskCompletionSource<bool>> _inFlight = [];

    public ulong Epoch { get; private set; }

    /// <summary>The epoch <see cref="Epoch"/> replaced, if a numbering with accepted batches was replaced.</summary>
    public ulong? PreviousEpoch { get; private set; }

    public ulong High { get; private set; }

    public int Window => window;

    public ReadOnlySpan<ulong> Bits => _bits;

    public Dictionary<(ulong Epoch, ulong Seq), TaskCompletionSource<bool>> InFlight => _inFlight;

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

    /// <summary>Records an accepted (epoch, seq). A new epoch starts a fresh numbering first; a batch of
    /// the replaced epoch (committed after the switch) is not recorded: that numbering is forgotten.</summary>
    public void Add(ulong epoch, ulong seq)
    {
        if (epoch != Epoch)
        {
            if (epoch == PreviousEpoch)
            {
                return;
            }

            StartEpoch(epoch);
        }

        Add(seq);
    }

    public void Restore(ulong epoch, ulong? previousEpoch, ulong high, ReadOnlySpan<ulong> bits)
    {
        Epoch = epoch;
        PreviousEpoch = previousEpoch;
        High = high;
        bits.CopyTo(_bits);
    }

    private void StartEpoch(ulong epoch)
    {
        // Only a numbering that accepted something is worth refusing late batches of.
        PreviousEpoch = High > 0 ? Epoch : PreviousEpoch;
        Epoch = epoch;
        High = 0;
        Array.Clear(_bits);
    }

    private void Add(ulong seq)
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

    private void Clear(ulong seq)
    {
        var slot = seq % (ulong)window;
        _bits[slot / 64] &= ~(1UL << (int)(slot % 64));
    }
}
