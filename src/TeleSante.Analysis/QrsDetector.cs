using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis;

/// <summary>
/// Streaming QRS detector for one lead or several, at any rate from 250 to 1000 Hz, written from the published
/// descriptions of Pan and Tompkins (IEEE TBME 32(3):230–236, 1985) and Hamilton and Tompkins (IEEE TBME
/// 33(12):1157–1165, 1986):
/// <list type="number">
/// <item>per lead: band-pass 5–15 Hz (second-order high-pass, fourth-order low-pass, Butterworth, designed for the
/// rate), derivative over 10 ms, squaring, moving-window integration over 100 ms;</item>
/// <item>several leads: each lead's integrated feature divided by its own running mean (5 s), then summed over the
/// leads that are analysable; one decision runs on the sum (a lead that drops out simply stops contributing);</item>
/// <item>candidate peaks: local maxima of the feature that stay the largest for 100 ms;</item>
/// <item>decision: threshold = noise level + 0.3125 × (QRS level − noise level), levels being the medians of the last 8
/// QRS peaks and the largest of the last 8 noise peaks; a candidate earlier than 0.75 median RR needs 0.6 instead of
/// 0.3125 (in noise, held until an on-time candidate could contradict it); 200 ms refractory period; a candidate within 360 ms of a beat whose steepest slope is under
/// half the beat's is a T wave; with no beat for 1.5 median RR intervals, the largest candidate since the last beat
/// above half the threshold is taken (search-back);</item>
/// <item>fiducial point: the largest deflection of the 0.5–40 Hz signal within the integration window, delays of
/// both filter chains removed; median over leads.</item>
/// </list>
/// Learning: thresholds are learnt over the first <see cref="QrsDetectorOptions.LearningSeconds"/>, whose beats are then
/// reported; the same after every unanalysable segment. Delay: a beat is normally reported about 0.2 s after its
/// fiducial point (see README); beats found by search-back or during learning are reported later, never dropped.
/// <see cref="Process(ReadOnlySpan{float}, IQrsEventSink)"/> allocates nothing: every buffer is sized at construction.
/// Not thread-safe: one detector per stream.
/// </summary>
public sealed class QrsDetector
{
    private const int LevelWindow = 8;
    private const int MaxLeads = 32;
    private const int PeakCapacity = 256;

    // Until two RR intervals are known, search-back waits this long (covers 24 bpm).
    private const double DefaultSearchBackSeconds = 2.5;

    private readonly QrsDetectorOptions _options;
    private readonly LeadChannel[] _leads;
    private readonly long[] _fiducials;
    private readonly Peak[] _learningPeaks = new Peak[PeakCapacity];
    private readonly Peak[] _noisePeaks = new Peak[PeakCapacity];
    private readonly MedianWindow _qrsLevels = new(LevelWindow);
    private readonly MedianWindow _noiseLevels = new(LevelWindow);
    private readonly MedianWindow _rrIntervals = new(LevelWindow);
    private readonly double _fs;
    private readonly int _confirm;
    private readonly int _refractory;
    private readonly int _tWaveWindow;
    private readonly long _learning;
    private readonly int _integration;
    private readonly long _searchBackDefault;
    private readonly int _fiducialFrom;
    private readonly int _fiducialTo;
    private readonly double _aduScale;
    private readonly int _baselineAdu;
    private readonly int? _invalidAdu;

    private readonly float[] _lastFrame;
    private readonly double[] _learningFeatures;
    private readonly double[] _learningSlopes;
    private readonly int _latency;
    private long _n;
    private bool _flushed;
    private bool _unanalysable;
    private long _segmentStart;
    private UnanalysableReason _segmentReason;
    private long _decisionStart;
    private bool _learned;
    private int _learningCount;
    private int _noiseStart;
    private int _noiseCount;
    private bool _searchedBack;
    private long _lastBeatPeak = -1;
    private long _lastBeatFiducial = -1;
    private double _lastBeatSlope;
    private bool _haveCandidate;
    private bool _haveHeld;
    private Peak _held;
    private long _heldUntil;
    private long _candidateIndex;
    private double _candidateValue;
    private double _previousValue;

    /// <summary>A detector for <paramref name="leadCount"/> simultaneous leads (1..32), fed frame by frame.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option or the lead count is out of range.</exception>
    public QrsDetector(QrsDetectorOptions options, int leadCount = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(leadCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leadCount, MaxLeads);
        _options = options;
        _fs = options.SampleRateHz;
        _confirm = Samples(options.PeakConfirmationMs);
        _refractory = Samples(options.RefractoryMs);
        _tWaveWindow = Samples(options.TWaveWindowMs);
        _learning = (long)Math.Round(options.LearningSeconds * _fs);
        _searchBackDefault = (long)Math.Round(DefaultSearchBackSeconds * _fs);
        _aduScale = 1 / options.GainAduPerMv;
        _baselineAdu = options.BaselineAdu;
        _invalidAdu = options.InvalidAdu;

        // The ring must reach back from a peak's confirmation to the start of its integration window, plus both filter delays.
        var probe = new LeadChannel(options, 1);
        _integration = probe.IntegrationSamples;
        var bandDelay = probe.BandDelaySamples;
        var wideDelay = probe.WideDelaySamples;
        var margin = Samples(20);
        _fiducialFrom = (int)Math.Round(_integration + bandDelay - wideDelay) + margin;
        _fiducialTo = (int)Math.Round(bandDelay - wideDelay) - margin;
        FiducialOffsetSamples = (int)Math.Round(wideDelay);
        var ringLength = _confirm + _fiducialFrom + _integration + Samples(50);
        _leads = new LeadChannel[leadCount];
        for (var i = 0; i < leadCount; i++)
        {
            _leads[i] = new LeadChannel(options, ringLength);
        }

        _fiducials = new long[leadCount];
        _lastFrame = new float[leadCount];
        _learningFeatures = new double[PeakCapacity * leadCount];
        _learningSlopes = new double[PeakCapacity * leadCount];
        _latency = _confirm + _integration + (int)Math.Ceiling(bandDelay) + margin;
    }

    /// <summary>A detector for one lead.</summary>
    public static QrsDetector SingleLead(QrsDetectorOptions options) => new(options, 1);

    public QrsDetectorOptions Options => _options;

    public int LeadCount => _leads.Length;

    /// <summary>Frames processed so far.</summary>
    public long SamplesProcessed => _n;

    /// <summary>The unanalysable segment the stream is in now (first sample, reason), or null. The sink hears of a segment
    /// only when it ends; a live display needs to say "not analysable since …" while it lasts.</summary>
    public (long StartSample, UnanalysableReason Reason)? OpenSegment => _unanalysable ? (_segmentStart, _segmentReason) : null;

    /// <summary>The wide-band filter's delay subtracted from the fiducial point, samples.</summary>
    internal int FiducialOffsetSamples { get; }

    /// <summary>
    /// Processes consecutive samples in mV: frames of <see cref="LeadCount"/> values, lead by lead (interleaved, as WFDB
    /// and the devices send them). NaN is a missing sample. Beats and unanalysable segments go to <paramref name="sink"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The span is not a whole number of frames.</exception>
    public void Process(ReadOnlySpan<float> samples, IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_flushed, this);
        var leads = _leads.Length;
        if (samples.Length % leads != 0)
        {
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {leads}-lead frames", nameof(samples));
        }

        for (var at = 0; at < samples.Length; at += leads)
        {
            Step(samples.Slice(at, leads), sink);
        }

        sink.OnBeatsKnownUntil(BeatsKnownUntil());
    }

    /// <summary>As <see cref="Process(ReadOnlySpan{float}, IQrsEventSink)"/>, for raw ADC values: (adu − baseline) / gain,
    /// <see cref="QrsDetectorOptions.InvalidAdu"/> being a missing sample.</summary>
    public void Process(ReadOnlySpan<int> samples, IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_flushed, this);
        var leads = _leads.Length;
        if (samples.Length % leads != 0)
        {
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {leads}-lead frames", nameof(samples));
        }

        Span<float> frame = stackalloc float[leads];
        for (var at = 0; at < samples.Length; at += leads)
        {
            for (var lead = 0; lead < leads; lead++)
            {
                var adu = samples[at + lead];
                frame[lead] = adu == _invalidAdu ? float.NaN : (float)((adu - _baselineAdu) * _aduScale);
            }

            Step(frame, sink);
        }

        sink.OnBeatsKnownUntil(BeatsKnownUntil());
    }

    /// <summary>
    /// End of the stream: decides what is still pending and closes an open unanalysable segment. A beat in the last few
    /// hundred milliseconds has not left the filters yet, so the last frame is held for the detector's latency (as if the
    /// stream had stopped flat) and beats found at or after the end are dropped. The detector is finished afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">Flush was already called.</exception>
    public void Flush(IQrsEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_flushed, this);
        var end = _n;
        var caller = sink;
        if (_unanalysable)
        {
            _flushed = true;
            sink.OnUnanalysable(new UnanalysableSegment(_segmentStart, end, _segmentReason, UnanalysableSegment.AllLeads));
            sink.OnBeatsKnownUntil(long.MaxValue);
            return;
        }

        if (end > 0)
        {
            var beforeEnd = new EndOfStreamSink(sink, end);
            for (var i = 0; i < _latency; i++)
            {
                Step(_lastFrame, beforeEnd);
            }

            sink = beforeEnd;
        }

        _flushed = true;

        if (_haveCandidate)
        {
            ConfirmCandidate(sink);
        }

        if (!_learned)
        {
            FinishLearning(sink);
        }

        ReleaseHeld(sink);
        if (_learned)
        {
            SearchBackIfDue(sink);
        }

        caller.OnBeatsKnownUntil(long.MaxValue);
    }

    // No beat will be reported later with a fiducial point before this: candidates not yet decided (the peak being
    // confirmed, the learning period's peaks, a held early beat, the noise peaks search-back may still pick) have their
    // fiducial point at most the detector's latency before their peak.
    private long BeatsKnownUntil()
    {
        if (_unanalysable)
        {
            return _n;
        }

        var earliest = _n;
        if (_haveCandidate)
        {
            earliest = Math.Min(earliest, _candidateIndex);
        }

        if (!_learned)
        {
            earliest = Math.Min(earliest, _decisionStart);
        }

        if (_haveHeld)
        {
            earliest = Math.Min(earliest, _held.Index);
        }

        if (_learned && !_searchedBack && _noiseCount > 0)
        {
            earliest = Math.Min(earliest, _noisePeaks[_noiseStart].Index);
        }

        return earliest - _latency;
    }

    private void Step(ReadOnlySpan<float> frame, IQrsEventSink sink)
    {
        var n = _n++;
        frame.CopyTo(_lastFrame);
        var analysable = 0;
        long latestStart = -1;
        for (var lead = 0; lead < _leads.Length; lead++)
        {
            var channel = _leads[lead];
            var state = channel.Step(n, frame[lead]);
            if (_leads.Length > 1)
            {
                if (state == LeadState.Recovered)
                {
                    // The lead's own segment; the stream's is reported separately when every lead was out.
                    sink.OnUnanalysable(new UnanalysableSegment(channel.SegmentStartBeforeRecovery, n, channel.SegmentReason, lead));
                }
            }

            if (channel.IsAnalysable)
            {
                analysable++;
            }
            else
            {
                latestStart = Math.Max(latestStart, channel.SegmentStart);
            }
        }

        if (analysable == 0)
        {
            if (!_unanalysable)
            {
                EnterUnanalysable(latestStart, sink);
            }

            return;
        }

        if (_unanalysable)
        {
            sink.OnUnanalysable(new UnanalysableSegment(_segmentStart, n, _segmentReason, UnanalysableSegment.AllLeads));
            _unanalysable = false;
            Restart(n);
        }

        double value;
        if (_leads.Length == 1)
        {
            value = _leads[0].Feature;
        }
        else
        {
            value = 0;
            foreach (var channel in _leads)
            {
                if (channel.IsAnalysable)
                {
                    value += channel.NormalisedFeature;
                }
            }
        }

        TrackCandidate(n, value, sink);

        if (!_learned && n >= _decisionStart + _learning)
        {
            FinishLearning(sink);
        }

        if (_learned)
        {
            SearchBackIfDue(sink);
        }
    }

    private void TrackCandidate(long n, double value, IQrsEventSink sink)
    {
        if (!_haveCandidate)
        {
            if (value > _previousValue && value > 0)
            {
                _haveCandidate = true;
                _candidateIndex = n;
                _candidateValue = value;
            }
        }
        else if (value > _candidateValue)
        {
            _candidateIndex = n;
            _candidateValue = value;
        }
        else if (n - _candidateIndex >= _confirm)
        {
            ConfirmCandidate(sink);
        }

        _previousValue = value;
    }

    private void ConfirmCandidate(IQrsEventSink sink)
    {
        _haveCandidate = false;
        var index = _candidateIndex;
        var from = Math.Max(index - _integration, _decisionStart);
        double slope;
        if (_leads.Length == 1)
        {
            slope = _leads[0].SteepestSlope(from, index);
        }
        else
        {
            // Each lead's steepest slope over its own running mean, summed: the same scale as the feature.
            slope = 0;
            foreach (var channel in _leads)
            {
                if (channel.IsAnalysable)
                {
                    slope += channel.NormaliseSlope(channel.SteepestSlope(from, index));
                }
            }
        }

        var fiducial = Fiducial(index);
        if (fiducial < 0)
        {
            // Every lead has been flat since this "complex": a step onto a rail as a lead came off, not a beat.
            return;
        }

        var peak = new Peak(index, _candidateValue, slope, fiducial);
        if (!_learned)
        {
            if (_learningCount < _learningPeaks.Length)
            {
                _learningPeaks[_learningCount] = peak;
                for (var lead = 0; lead < _leads.Length && _leads.Length > 1; lead++)
                {
                    var analysable = _leads[lead].IsAnalysable;
                    _learningFeatures[(_learningCount * _leads.Length) + lead] = analysable ? _leads[lead].FeatureAt(index) : double.NaN;
                    _learningSlopes[(_learningCount * _leads.Length) + lead] = analysable ? _leads[lead].SteepestSlope(from, index) : double.NaN;
                }

                _learningCount++;
            }

            return;
        }

        Decide(peak, sink);
    }

    private long Fiducial(long peakIndex)
    {
        var count = 0;
        foreach (var channel in _leads)
        {
            if (channel.IsAnalysable)
            {
                var at = channel.LargestDeflection(peakIndex - _fiducialFrom, peakIndex - _fiducialTo, _n - 1) - FiducialOffsetSamples;
                if (!channel.FlatSince(at))
                {
                    _fiducials[count++] = at;
                }
            }
        }

        if (count == 0)
        {
            return -1;
        }

        if (count == 1)
        {
            return _fiducials[0];
        }

        // Median over leads: one lead's artefact cannot move the beat.
        var found = _fiducials.AsSpan(0, count);
        found.Sort();
        return found[(count - 1) / 2];
    }

    private void Decide(in Peak peak, IQrsEventSink sink)
    {
        if (InRefractory(peak))
        {
            return;
        }

        // An early candidate (well before the expected beat) must be larger: noise between beats is what it usually is,
        // while an ectopic beat that early is big. A true beat refused here is still found by search-back.
        var early = _rrIntervals.Count >= 2 && peak.Index - _lastBeatPeak < _options.EarlyRrFraction * _rrIntervals.Median();
        if (_haveHeld && peak.Index - _held.Index >= _refractory && peak.Index - _held.Index >= _options.EarlyRrFraction * _rrIntervals.Median())
        {
            // Far enough after the held early beat for both to be beats: it stands.
            ReleaseHeld(sink);
            early = _rrIntervals.Count >= 2 && peak.Index - _lastBeatPeak < _options.EarlyRrFraction * _rrIntervals.Median();
        }
        if (peak.Value > Threshold(early ? _options.EarlyThresholdFraction : _options.ThresholdFraction) && !IsTWave(peak))
        {
            if (_haveHeld)
            {
                // Two candidates too close together to both be beats of the rhythm: an on-time one wins over the held
                // early one (noise before a beat is what an early candidate usually is); of two early ones, the larger.
                if (!early || peak.Value > _held.Value)
                {
                    var loser = _held;
                    _held = peak;
                    _heldUntil = HoldUntil(peak);
                    PushNoise(loser);
                    if (!early)
                    {
                        _haveHeld = false;
                        Accept(peak, sink);
                    }
                }
                else
                {
                    PushNoise(peak);
                }

                return;
            }

            // Only where noise is a sizeable part of the signal: clean, an early candidate is a beat (ectopy, AF).
            if (early && _noiseLevels.Quantile(1) >= _options.HoldNoiseRatio * _qrsLevels.Median())
            {
                _haveHeld = true;
                _held = peak;
                _heldUntil = HoldUntil(peak);
                return;
            }

            Accept(peak, sink);
            return;
        }

        PushNoise(peak);
    }

    private long HoldUntil(in Peak peak) => peak.Index + (long)(_options.EarlyRrFraction * _rrIntervals.Median()) + _confirm;

    private void ReleaseHeld(IQrsEventSink sink)
    {
        if (_haveHeld)
        {
            _haveHeld = false;
            Accept(_held, sink);
        }
    }

    private void PushNoise(in Peak peak)
    {
        _noiseLevels.Push(peak.Value);
        if (_noiseCount == _noisePeaks.Length)
        {
            _noiseStart = (_noiseStart + 1) % _noisePeaks.Length;
            _noiseCount--;
        }

        _noisePeaks[(_noiseStart + _noiseCount++) % _noisePeaks.Length] = peak;
        _searchedBack = false;
    }

    // The noise level is the largest of the last 8 noise peaks rather than their median (Hamilton–Tompkins): in
    // muscle noise the median follows the many small ripples and leaves the large noise peaks above the threshold.
    private double Threshold(double fraction)
    {
        var noise = _noiseLevels.Quantile(1);
        return noise + (fraction * (_qrsLevels.Median() - noise));
    }

    // The ventricles cannot beat twice within the refractory period: neither two peaks of the feature nor two beats'
    // fiducial points may be closer (the fiducial point can move within the integration window, and in muscle noise two
    // peaks just over 200 ms apart gave beats 120–190 ms apart, one of them noise).
    private bool InRefractory(in Peak peak) =>
        _lastBeatPeak >= 0 && (peak.Index - _lastBeatPeak < _refractory || peak.Fiducial - _lastBeatFiducial < _refractory);

    private bool IsTWave(in Peak peak) =>
        _lastBeatPeak >= 0 && peak.Index - _lastBeatPeak < _tWaveWindow && peak.Slope < _options.TWaveSlopeRatio * _lastBeatSlope;

    private void Accept(in Peak peak, IQrsEventSink sink)
    {
        _qrsLevels.Push(peak.Value);
        double? rr = null;
        var fiducial = peak.Fiducial;
        if (_lastBeatFiducial >= 0)
        {
            fiducial = Math.Max(fiducial, _lastBeatFiducial + 1);
            rr = (fiducial - _lastBeatFiducial) / _fs;
            _rrIntervals.Push(peak.Index - _lastBeatPeak);
        }

        _lastBeatPeak = peak.Index;
        _lastBeatFiducial = fiducial;
        _lastBeatSlope = peak.Slope;
        while (_noiseCount > 0 && _noisePeaks[_noiseStart].Index <= peak.Index)
        {
            _noiseStart = (_noiseStart + 1) % _noisePeaks.Length;
            _noiseCount--;
        }

        _searchedBack = false;
        sink.OnBeat(new DetectedBeat(fiducial, fiducial / _fs, rr, BeatClass.Unknown, _n - 1));
    }

    private void SearchBackIfDue(IQrsEventSink sink)
    {
        if (_haveHeld)
        {
            if (_n - 1 < _heldUntil)
            {
                return;
            }

            ReleaseHeld(sink);
        }

        while (!_searchedBack && _lastBeatPeak >= 0)
        {
            var interval = _rrIntervals.Count >= 2 ? (long)(_options.SearchBackRrFactor * _rrIntervals.Median()) : _searchBackDefault;
            if (_n - 1 - _lastBeatPeak <= interval)
            {
                return;
            }

            var limit = 0.5 * Threshold(_options.ThresholdFraction);
            var best = -1;
            for (var i = 0; i < _noiseCount; i++)
            {
                ref readonly var candidate = ref _noisePeaks[(_noiseStart + i) % _noisePeaks.Length];
                if (!InRefractory(candidate) && candidate.Value > limit && !IsTWave(candidate)
                    && (best < 0 || candidate.Value > _noisePeaks[best].Value))
                {
                    best = (_noiseStart + i) % _noisePeaks.Length;
                }
            }

            if (best < 0)
            {
                _searchedBack = true;
                return;
            }

            Accept(_noisePeaks[best], sink);
        }
    }

    private void FinishLearning(IQrsEventSink sink)
    {
        if (_learningCount == 0)
        {
            // Nothing that looks like a beat yet (a very slow or silent start): keep learning.
            _decisionStart = _n;
            return;
        }

        if (_leads.Length > 1)
        {
            // The leads' running means were still settling while these peaks were found (the first beats dominate them):
            // rescale every learning peak with the means as they are now, the scale the detector goes on with: its size and
            // its slope both (a first beat's slope over a mean that had seen only it made the next beats look like its
            // T waves, which then raised the noise level to the QRS level: a fast regular rhythm was found at 1 beat in 2).
            for (var i = 0; i < _learningCount; i++)
            {
                var value = 0.0;
                var slope = 0.0;
                for (var lead = 0; lead < _leads.Length; lead++)
                {
                    var raw = _learningFeatures[(i * _leads.Length) + lead];
                    var rawSlope = _learningSlopes[(i * _leads.Length) + lead];
                    value += double.IsNaN(raw) ? 0 : _leads[lead].Normalise(raw);
                    slope += double.IsNaN(rawSlope) ? 0 : _leads[lead].NormaliseSlope(rawSlope);
                }

                _learningPeaks[i] = _learningPeaks[i] with { Value = value, Slope = slope };
            }
        }

        var largest = 0.0;
        for (var i = 0; i < _learningCount; i++)
        {
            largest = Math.Max(largest, _learningPeaks[i].Value);
        }

        // Peaks of at least 40 % of the largest are taken as QRS complexes, the rest as noise (P and T waves, artefact).
        Span<double> big = stackalloc double[_learningCount];
        Span<double> small = stackalloc double[_learningCount];
        int bigCount = 0, smallCount = 0;
        for (var i = 0; i < _learningCount; i++)
        {
            var v = _learningPeaks[i].Value;
            if (v >= 0.4 * largest)
            {
                big[bigCount++] = v;
            }
            else
            {
                small[smallCount++] = v;
            }
        }

        _qrsLevels.Fill(SampleStatistics.MedianInPlace(big[..bigCount]));
        _noiseLevels.Fill(smallCount > 0 ? SampleStatistics.MedianInPlace(small[..smallCount]) : 0.1 * largest);
        _learned = true;
        for (var i = 0; i < _learningCount; i++)
        {
            Decide(_learningPeaks[i], sink);
        }

        _learningCount = 0;
    }

    private void EnterUnanalysable(long segmentStart, IQrsEventSink sink)
    {
        // A candidate confirmed before the segment began is still a candidate; one inside it is not.
        if (_haveCandidate && _candidateIndex < segmentStart)
        {
            ConfirmCandidate(sink);
        }

        if (!_learned && _learningCount > 0)
        {
            FinishLearning(sink);
        }

        ReleaseHeld(sink);
        _unanalysable = true;
        _segmentStart = segmentStart;
        _segmentReason = ReasonOf(segmentStart);
        _haveCandidate = false;
    }

    private UnanalysableReason ReasonOf(long segmentStart)
    {
        foreach (var channel in _leads)
        {
            if (channel.SegmentStart == segmentStart)
            {
                return channel.SegmentReason;
            }
        }

        return UnanalysableReason.Missing;
    }

    private void Restart(long n)
    {
        _decisionStart = n;
        _learned = false;
        _learningCount = 0;
        _noiseCount = 0;
        _noiseStart = 0;
        _qrsLevels.Clear();
        _noiseLevels.Clear();
        _rrIntervals.Clear();
        _lastBeatPeak = -1;
        _lastBeatFiducial = -1;
        _lastBeatSlope = 0;
        _haveCandidate = false;
        _haveHeld = false;
        _previousValue = 0;
        _searchedBack = false;
    }

    private int Samples(double ms) => Math.Max(1, (int)Math.Round(ms / 1000 * _fs));
}
