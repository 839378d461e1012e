namespace TeleSante.Analysis.Service.Internal;

/// <summary>The last samples of one lead of a stream, contiguous, indexed by the detector's sample numbers (so a beat
/// reported late, after its classification, still finds its complex). Allocated once per stream.</summary>
internal sealed class LeadHistory(int keepSamples)
{
    private readonly float[] _buffer = new float[2 * Math.Max(1, keepSamples)];

    /// <summary>Sample number of <see cref="Samples"/>[0].</summary>
    public long Start { get; private set; }

    public ReadOnlySpan<float> Samples => _buffer.AsSpan(0, Length);

    private int Length { get; set; }

    /// <summary>Forgets everything; the next sample appended is sample 0 (a new detector run).</summary>
    public void Reset()
    {
        Start = 0;
        Length = 0;
    }

    /// <summary>Appends lead <paramref name="lead"/> of interleaved <paramref name="frames"/>.</summary>
    public void Append(ReadOnlySpan<float> frames, int leadCount, int lead)
    {
        var n = frames.Length / leadCount;
        if (Length + n > _buffer.Length)
        {
            // Keep the newest keepSamples (or what room this block leaves) at the start: one copy per half buffer.
            var keep = Math.Max(0, Math.Min(Math.Min(Length, keepSamples), _buffer.Length - n));
            var drop = Length - keep;
            Array.Copy(_buffer, drop, _buffer, 0, keep);
            Start += drop;
            Length = keep;
        }

        var take = Math.Min(n, _buffer.Length - Length);
        var skip = n - take;
        Start += skip;
        for (var i = 0; i < take; i++)
        {
            _buffer[Length + i] = frames[((skip + i) * leadCount) + lead];
        }

        Length += take;
    }
}
