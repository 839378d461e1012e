using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis.Quality;

/// <summary>
/// Marks stretches of one lead where noise is too strong for beats to be classified or a rhythm to be judged
/// (issue 12: "noise segments marked as unanalysable rather than guessed"). The lead is band-passed 3–40 Hz (baseline
/// wander removed; the QRS, muscle noise and electrode-motion transients kept) and judged in blocks of
/// <see cref="NoiseMarkerOptions.BlockSeconds"/>: the noise is the robust standard deviation of the last two blocks
/// (75th percentile of |x| / 1.1503), the signal the median peak-to-peak of the last 16 clean blocks (the QRS amplitude,
/// learnt from the first four blocks). Their ratio in NSTDB's terms, 20·log10(pp / (σ·√8)), below
/// <see cref="NoiseMarkerOptions.MinimumSnrDb"/> makes the block noisy; a noisy stretch ends at a block at or above
/// <see cref="NoiseMarkerOptions.RecoverySnrDb"/>. Each stretch is reported as an <see cref="UnanalysableSegment"/> with
/// <see cref="UnanalysableReason.Noise"/> once it ends.
/// <para>
/// The ECG is signal, not noise. Alone, the marker can only hope the QRS complexes fill little of the time (a tenth at
/// usual rates, which the 75th percentile steps over); a ventricular tachycardia's wide complexes at 140–180/min fill a
/// third or more and read as noise (issue 12). Built with <c>followsDetector</c>, the marker is given the detector's
/// beats (<see cref="AddBeat"/>) and how far they are known (<see cref="BeatsKnownUntil"/>, from
/// <see cref="IQrsEventSink.OnBeatsKnownUntil"/>): around each beat on time for the rhythm
/// (<see cref="NoiseMarkerOptions.OnTimeRrFraction"/>; half a median RR each side) the value judged is the difference
/// between the samples and the same samples around the previous on-time beat — what repeats from beat to beat (QRS, T,
/// P, however wide and fast) cancels, noise does not, whatever the rate. The difference is not divided by √2: the
/// thresholds were set on the lead itself, whose QRS adds to the estimate, and bursts of muscle noise are often absent
/// from the earlier beat; so kept, the marker is as sensitive to noise at 0 dB as it was (README, "Noise marking"). Elsewhere (early beats, before the
/// first beats, a pause) the samples are judged as they are. A block is then judged once the beats up to its end are
/// known (at most <see cref="NoiseMarkerOptions.MaxWaitSeconds"/> later).
/// </para>
/// Delay: a sample's state is known at the end of its block, and, following the detector, when its beats are known
/// (<see cref="DecidedUntil"/>). Allocation-free after construction; not thread-safe (one marker per stream). Baseline
/// wander alone is not marked (it is filtered out and does not hinder the classification); lead-off and flat signals
/// are the detector's (<see cref="UnanalysableReason.Flat"/>).
/// </summary>
public sealed class NoiseMarker
{
    private const int ReferenceBlocks = 16;
    private const int LearningBlocks = 4;
    private const int BeatCapacity = 256;

    // Beats known this far past a block's end before it is judged: the compared span of a beat reaches half an RR before it.
    private const double LookaheadSeconds = 0.5;

    private readonly NoiseMarkerOptions _options;
    private readonly int _lead;
    private readonly int _block;
    private readonly bool _followsDetector;
    private readonly int _lookahead;
    private readonly int _lookback;
    private readonly float[] _band; // the band-passed lead, circular: the two blocks judged next, the RR before them, what came after
    private readonly double[] _blockMin; // per block, circular
    private readonly double[] _blockMax;
    private readonly float[] _scratch;
    private readonly long[] _beats = new long[BeatCapacity]; // fiducial points, circular
    private readonly long[] _offsets = new long[BeatCapacity]; // to the previous on-time beat; 0: not compared
    private readonly int[] _halves = new int[BeatCapacity]; // half a median RR: the span compared each side
    private readonly MedianWindow _rr = new(8);
    private long _lastOnTime = -1;
    private readonly bool[] _history;
    private readonly MedianWindow _reference = new(ReferenceBlocks);
    private Biquad _highPass;
    private Biquad _lowPass;
    private bool _settled;
    private long _n;
    private long _blocks;
    private long _beatCount;
    private long _known;
    private bool _noisy;
    private long _segmentStart;

    /// <param name="options">Validated here.</param>
    /// <param name="lead">Reported in the segments: <see cref="UnanalysableSegment.AllLeads"/> when the marked lead is the
    /// one the stream is analysed on, else its index.</param>
    /// <param name="followsDetector">The caller passes the detector's beats and progress (see the summary): blocks are
    /// judged with the QRS spans left out, once the beats are known; otherwise every block is judged when it ends.</param>
    public NoiseMarker(NoiseMarkerOptions options, int lead = UnanalysableSegment.AllLeads, bool followsDetector = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _lead = lead;
        _followsDetector = followsDetector;
        _block = (int)Math.Round(options.BlockSeconds * options.SampleRateHz);
        _lookahead = (int)Math.Round(LookaheadSeconds * options.SampleRateHz);
        _lookback = followsDetector ? (int)Math.Ceiling(options.MaxComparedRrSeconds * options.SampleRateHz) : 0;
        var wait = followsDetector ? (int)Math.Ceiling(options.MaxWaitSeconds * options.SampleRateHz) : 0;
        _band = new float[(2 * _block) + _lookback + wait];
        var blocks = (_band.Length / _block) + 2;
        _blockMin = new double[blocks];
        _blockMax = new double[blocks];
        _scratch = new float[2 * _block];
        _history = new bool[(int)Math.Ceiling(options.HistorySeconds / options.BlockSeconds)];
        _highPass = Biquad.HighPass(3, options.SampleRateHz, 1 / Math.Sqrt(2));
        _lowPass = Biquad.LowPass(40, options.SampleRateHz, 1 / Math.Sqrt(2));
    }

    public NoiseMarkerOptions Options => _options;

    /// <summary>Samples whose noise state is decided: every sample before this index.</summary>
    public long DecidedUntil => _blocks * _block;

    /// <summary>The estimated QRS-to-noise ratio of the last decided block, dB (NaN before the first).</summary>
    public double LastSnrDb { get; private set; } = double.NaN;

    /// <summary>Whether the last decided block was noisy (the state a stream ends in).</summary>
    public bool InNoise => _noisy;

    /// <summary>Whether the sample at <paramref name="sampleIndex"/> lies in a noisy block; null when its block is not
    /// decided yet or is older than <see cref="NoiseMarkerOptions.HistorySeconds"/>.</summary>
    public bool? NoiseAt(long sampleIndex)
    {
        var block = sampleIndex / _block;
        return sampleIndex < 0 || block >= _blocks || block < _blocks - _history.Length ? null : _history[block % _history.Length];
    }

    /// <summary>A beat of the detector, in the order the detector reports them (a beat without RR starts a new run: no
    /// comparison across a gap). Only used by a marker that follows the detector.</summary>
    public void AddBeat(in DetectedBeat beat)
    {
        var slot = (int)(_beatCount % BeatCapacity);
        var fiducial = beat.SampleIndex;
        _beats[slot] = fiducial;
        _offsets[slot] = 0;
        _halves[slot] = 0;
        _beatCount++;
        if (beat.RrSeconds is null || _beatCount == 1)
        {
            _rr.Clear();
            _lastOnTime = fiducial;
            return;
        }

        var rr = fiducial - _beats[(int)((_beatCount - 2) % BeatCapacity)];
        var onTime = _rr.Count < 2 || rr >= _options.OnTimeRrFraction * _rr.Median();
        _rr.Push(rr);
        if (!onTime)
        {
            return;
        }

        if (_lastOnTime >= 0 && fiducial - _lastOnTime <= _lookback)
        {
            _offsets[slot] = fiducial - _lastOnTime;
            _halves[slot] = (int)(_rr.Median() / 2);
        }

        _lastOnTime = fiducial;
    }

    /// <summary>The detector has reported every beat whose fiducial point lies before <paramref name="sampleIndex"/>
    /// (<see cref="IQrsEventSink.OnBeatsKnownUntil"/>): the blocks whose beats are all known are judged now.</summary>
    public void BeatsKnownUntil(long sampleIndex, IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _known = Math.Max(_known, sampleIndex);
        while (_blocks < _n / _block && _known >= ((_blocks + 1) * _block) + _lookahead)
        {
            Decide(sink);
        }
    }

    /// <summary>Consumes the next samples of the lead (mV). Non-finite samples (gaps) count as zero and restart the filters.</summary>
    public void Process(ReadOnlySpan<float> samples, IQrsEventSink sink) => Process(samples, 1, 0, sink);

    /// <summary>Consumes lead <paramref name="lead"/> of interleaved frames of <paramref name="leadCount"/> leads (mV).</summary>
    public void Process(ReadOnlySpan<float> frames, int leadCount, int lead, IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(leadCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lead);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lead, leadCount);
        for (var i = lead; i < frames.Length; i += leadCount)
        {
            Step(frames[i], sink);
        }
    }

    /// <summary>Ends the stream: the blocks still waiting for beats are judged with the beats given, and a noisy stretch
    /// still open is reported up to the last sample.</summary>
    public void Flush(IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        BeatsKnownUntil(long.MaxValue, sink);
        if (_noisy)
        {
            sink.OnUnanalysable(new UnanalysableSegment(_segmentStart, _n, UnanalysableReason.Noise, _lead));
            _noisy = false;
        }
    }

    private void Step(float sample, IQrsEventSink sink)
    {
        if (_followsDetector && _blocks < _n / _block && _n - Math.Max(0, WindowStart(_blocks) - _lookback) >= _band.Length)
        {
            // The oldest waiting block's samples would be overwritten: judged now, with the beats known so far.
            Decide(sink);
        }

        double y;
        if (!float.IsFinite(sample))
        {
            _settled = false;
            y = 0;
        }
        else
        {
            if (!_settled)
            {
                _highPass.Settle(sample);
                _lowPass.Settle(0);
                _settled = true;
            }

            y = _lowPass.Step(_highPass.Step(sample));
        }

        var slot = (int)(_n / _block % _blockMin.Length);
        if (_n % _block == 0)
        {
            _blockMin[slot] = double.MaxValue;
            _blockMax[slot] = double.MinValue;
        }

        _band[(int)(_n % _band.Length)] = (float)y;
        _blockMin[slot] = Math.Min(_blockMin[slot], y);
        _blockMax[slot] = Math.Max(_blockMax[slot], y);
        _n++;
        if (!_followsDetector && _n % _block == 0)
        {
            Decide(sink);
        }
    }

    private long WindowStart(long block) => Math.Max(0, (block - 1) * _block);

    private void Decide(IQrsEventSink sink)
    {
        var from = WindowStart(_blocks);
        var to = (_blocks + 1) * _block;
        var count = (int)(to - from);
        var values = _scratch.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            values[i] = Math.Abs(_band[(int)((from + i) % _band.Length)]);
        }

        if (_followsDetector)
        {
            var oldest = Math.Max(0, _n - _band.Length);
            for (var k = Math.Max(0, _beatCount - BeatCapacity); k < _beatCount; k++)
            {
                var at = (int)(k % BeatCapacity);
                var offset = _offsets[at];
                if (offset == 0)
                {
                    continue;
                }

                var fiducial = _beats[at];
                var first = Math.Max(Math.Max(fiducial - _halves[at], from), oldest + offset);
                var last = Math.Min(fiducial + _halves[at], to);
                for (var t = first; t < last; t++)
                {
                    var difference = _band[(int)(t % _band.Length)] - _band[(int)((t - offset) % _band.Length)];
                    values[(int)(t - from)] = Math.Abs(difference);
                }
            }
        }

        values.Sort();
        // The 75th percentile of |x| is 1.1503 σ for Gaussian noise; it sees electrode-motion transients that the median
        // misses, and still lies off the QRS complexes (a tenth of the time at usual rates) when no beats are given.
        var sigma = Math.Max(values[(int)(count * 0.75)] / 1.1503, 1e-6);
        var slot = (int)(_blocks % _blockMin.Length);
        var pp = _blockMax[slot] - _blockMin[slot];
        var learning = _blocks < LearningBlocks;
        var amplitude = learning ? Math.Max(pp, _reference.Count > 0 ? _reference.Median() : 0) : _reference.Median();
        var snr = 20 * Math.Log10(Math.Max(amplitude, 1e-6) / (sigma * Math.Sqrt(8)));
        LastSnrDb = snr;

        var start = _blocks * _block;
        var noisy = _noisy ? snr < _options.RecoverySnrDb : snr < _options.MinimumSnrDb;
        if (learning || !noisy)
        {
            // The QRS amplitude is learnt from clean blocks only: a noisy block's peak-to-peak is the noise's.
            _reference.Push(pp);
        }

        if (noisy && !_noisy)
        {
            _segmentStart = start;
        }
        else if (!noisy && _noisy)
        {
            sink.OnUnanalysable(new UnanalysableSegment(_segmentStart, start, UnanalysableReason.Noise, _lead));
        }

        _noisy = noisy;
        _history[_blocks % _history.Length] = noisy;
        _blocks++;
    }
}
