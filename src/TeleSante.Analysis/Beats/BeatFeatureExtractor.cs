using TeleSante.Analysis.Beats.Internal;
using TeleSante.Analysis.Internal;
using TeleSante.Analysis.Measurements;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Beats;

/// <summary>
/// Computes <see cref="BeatFeatures"/> for every beat of a stream, from the detector's beats and the samples of one
/// lead, as they come. Use: <c>extractor.AddSamples(block); detector.Process(block, extractor);</c> for each block (the
/// samples first, so that a beat never refers to samples not yet given), then <c>detector.Flush(extractor);
/// extractor.Flush();</c>.
/// <para>
/// Shape: the lead is filtered 0.5–40 Hz; each complex (−120..+140 ms around the fiducial point) is compared with up to
/// three running templates; the reference (normal) template is the narrowest of those that stand for at least half as
/// many recent beats as the most frequent (so that in bigeminy the narrow sinus beat, not the wide ectopic, is the
/// reference). A beat correlating ≥ 0.9 with a template joins it; below 0.8 with all, it replaces the weakest. The P
/// template is the mean pre-QRS segment of non-premature beats that joined the reference.
/// </para>
/// <para>
/// Delay: a beat's features are emitted when the next beat is detected (its post-RR is then known: about one RR plus
/// the detector's delay of 0.1–0.3 s), and not before the noise marker has judged the one-second block holding the beat
/// — whichever is later. The marker follows the detector (the QRS complexes are left out of its noise estimate), so it
/// judges a block once the detector's beats up to its end are known (<see cref="IQrsEventSink.OnBeatsKnownUntil"/>):
/// usually at the first beat detected after it, at most <see cref="NoiseMarkerOptions.MaxWaitSeconds"/> later. The last beat before a gap or the end of the stream is emitted at the
/// gap or at <see cref="Flush"/> without post-RR (<see cref="BeatFeatures.HasPostRr"/> false).
/// </para>
/// Allocation-free after construction (fixed rings and scratch buffers). Not thread-safe: one extractor per stream.
/// </summary>
public sealed class BeatFeatureExtractor : IQrsEventSink
{
    private const int Capacity = 64;
    private const int Templates = 3;
    private const int TemplateMemory = 16;
    private const double WidthSlopeFraction = 0.15;

    private readonly BeatFeatureOptions _options;
    private readonly IBeatFeatureSink _output;
    private readonly NoiseMarker? _noise;
    private readonly double _fs;
    private readonly float[] _ring;
    private readonly PendingBeat[] _pending = new PendingBeat[Capacity];
    private readonly BeatTemplate[] _templates = new BeatTemplate[Templates];
    private readonly MedianWindow _rr = new(8);
    private readonly int _before;
    private readonly int _after;
    private readonly int _length;
    private readonly int _lag;
    private readonly int _pFrom;
    private readonly int _pLength;
    private readonly int _pHalf;
    private readonly float[] _segment;
    private readonly double[] _p;
    private readonly double[] _pTemplate;
    private int _pCount;
    private double _pTemplateSd;
    private Biquad _highPass;
    private Biquad _lowPass;
    private bool _settled;
    private long _written;
    private int _head;
    private int _count;
    private bool _flushed;
    private bool _tailNoisy;

    /// <param name="options">Validated here.</param>
    /// <param name="output">Receives the features and the unanalysable segments.</param>
    public BeatFeatureExtractor(BeatFeatureOptions options, IBeatFeatureSink output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        _options = options;
        _output = output;
        _fs = options.SampleRateHz;
        _noise = options.Noise is { } noise ? new NoiseMarker(noise, followsDetector: true) : null;
        _ring = new float[(int)Math.Ceiling(options.HistorySeconds * _fs)];
        _before = (int)Math.Round(0.12 * _fs);
        _after = (int)Math.Round(0.14 * _fs);
        _length = _before + _after + 1;
        _lag = (int)Math.Round(0.02 * _fs);
        _segment = new float[_length + (2 * _lag)];
        for (var t = 0; t < Templates; t++)
        {
            _templates[t] = new BeatTemplate(_length);
        }

        // P window: 260..60 ms before the fiducial point (PWaveEvidence's), smoothed over 40 ms.
        _pFrom = (int)Math.Round(PWaveEvidence.SegmentStartSeconds * _fs);
        _pLength = _pFrom - (int)Math.Round(PWaveEvidence.SegmentEndSeconds * _fs);
        _pHalf = (int)Math.Round(PWaveEvidence.SmoothingSeconds * _fs / 2);
        _p = new double[_pLength];
        _pTemplate = new double[_pLength];
        _highPass = Biquad.HighPass(0.5, _fs, 1 / Math.Sqrt(2));
        _lowPass = Biquad.LowPass(40, _fs, 1 / Math.Sqrt(2));
    }

    public BeatFeatureOptions Options => _options;

    /// <summary>Appends interleaved frames of <see cref="BeatFeatureOptions.LeadCount"/> leads (mV). Non-finite samples
    /// (gaps) are stored as zero and restart the filters.</summary>
    public void AddSamples(ReadOnlySpan<float> frames)
    {
        ObjectDisposedException.ThrowIf(_flushed, this);
        var leads = _options.LeadCount;
        if (frames.Length % leads != 0)
        {
            throw new ArgumentException($"{frames.Length} samples are not whole frames of {leads} leads", nameof(frames));
        }

        for (var i = _options.Lead; i < frames.Length; i += leads)
        {
            var x = frames[i];
            float y;
            if (!float.IsFinite(x))
            {
                _settled = false;
                y = 0;
            }
            else
            {
                if (!_settled)
                {
                    _highPass.Settle(x);
                    _lowPass.Settle(0);
                    _settled = true;
                }

                y = (float)_lowPass.Step(_highPass.Step(x));
            }

            _ring[(int)(_written % _ring.Length)] = y;
            _written++;
        }

        _noise?.Process(frames, leads, _options.Lead, this);
        Advance(force: false);
    }

    /// <summary>A beat from the detector (<see cref="IQrsEventSink"/>).</summary>
    public void OnBeat(in DetectedBeat beat)
    {
        ObjectDisposedException.ThrowIf(_flushed, this);
        _noise?.AddBeat(beat);
        if (_count > 0)
        {
            ref var last = ref _pending[(_head + _count - 1) % Capacity];
            if (!last.PostKnown)
            {
                last.PostKnown = true;
                last.HasPostRr = beat.RrSeconds is not null;
                last.PostRr = beat.RrSeconds is { } rr ? (float)rr : last.LocalRr;
            }
        }

        if (_count == Capacity)
        {
            // Never expected (64 beats waiting); emit the oldest rather than lose it.
            Measure(ref _pending[_head]);
            Emit(force: true);
        }

        var local = _rr.Count > 0 ? _rr.Median() : beat.RrSeconds ?? 0;
        var pre = beat.RrSeconds ?? local;
        if (beat.RrSeconds is { } measured)
        {
            _rr.Push(measured);
        }

        _pending[(_head + _count) % Capacity] = new PendingBeat { Beat = beat, PreRr = (float)pre, LocalRr = (float)local };
        _count++;
        Advance(force: false);
    }

    /// <summary>The detector's progress (<see cref="IQrsEventSink"/>): the noise marker judges the blocks whose beats are
    /// all known, and the beats in them can go out.</summary>
    public void OnBeatsKnownUntil(long sampleIndex)
    {
        if (_noise is not null && !_flushed)
        {
            _noise.BeatsKnownUntil(sampleIndex, this);
            Advance(force: false);
        }
    }

    /// <summary>A segment from the detector, or from the noise marker: passed on; a gap also ends the RR series.</summary>
    public void OnUnanalysable(in UnanalysableSegment segment)
    {
        if (segment.Reason != UnanalysableReason.Noise && _count > 0)
        {
            ref var last = ref _pending[(_head + _count - 1) % Capacity];
            if (!last.PostKnown)
            {
                last.PostKnown = true;
                last.HasPostRr = false;
                last.PostRr = last.LocalRr;
            }
        }

        _output.OnUnanalysable(segment);
    }

    /// <summary>Ends the stream (after the detector's own flush): every beat still waiting is emitted.</summary>
    public void Flush()
    {
        if (_flushed)
        {
            return;
        }

        // The blocks still waiting for beats are judged (the detector has been flushed: every beat is known); the last,
        // incomplete block takes the state the stream ended in (the marker reports its open stretch to the end).
        _noise?.BeatsKnownUntil(long.MaxValue, this);
        _tailNoisy = _noise?.InNoise ?? false;
        _noise?.Flush(this);
        Advance(force: true);
        _flushed = true;
    }

    private void Advance(bool force)
    {
        for (var i = 0; i < _count; i++)
        {
            ref var pending = ref _pending[(_head + i) % Capacity];
            if (!pending.Measured)
            {
                if (!force && _written <= pending.Beat.SampleIndex + _after + _lag)
                {
                    break;
                }

                Measure(ref pending);
            }
        }

        while (_count > 0 && Emit(force))
        {
        }
    }

    private bool Emit(bool force)
    {
        ref var p = ref _pending[_head];
        if (!p.Measured)
        {
            return false;
        }

        bool noisy;
        if (_noise is null)
        {
            noisy = false;
        }
        else if (_noise.NoiseAt(p.Beat.SampleIndex) is { } decided)
        {
            noisy = decided;
        }
        else if (force)
        {
            noisy = _tailNoisy;
        }
        else
        {
            return false;
        }

        if (!p.PostKnown)
        {
            if (!force)
            {
                return false;
            }

            p.PostKnown = true;
            p.HasPostRr = false;
            p.PostRr = p.LocalRr;
        }

        var local = p.LocalRr > 0 ? p.LocalRr : p.PreRr;
        var features = new BeatFeatures(
            p.Beat,
            noisy || p.Stale,
            p.HasPostRr,
            p.PreRr,
            p.PostRr,
            local,
            Ratio(p.PreRr, local),
            Ratio(p.PostRr, local),
            Ratio(p.PostRr, p.PreRr),
            p.Width,
            p.WidthRatio,
            p.Correlation,
            p.AmplitudeRatio,
            p.PCorrelation,
            p.PAmplitudeRatio,
            p.PolarityMatch);
        _head = (_head + 1) % Capacity;
        _count--;
        _output.OnBeat(features);
        return true;
    }

    private static float Ratio(float a, float b) => b > 0 && a > 0 ? a / b : 1;

    private void Measure(ref PendingBeat pending)
    {
        pending.Measured = true;
        var k = pending.Beat.SampleIndex;
        var earliest = k - Math.Max(_before + _lag, _pFrom + _pHalf);
        if (Math.Max(earliest, 0) < _written - _ring.Length)
        {
            // Reported later than the history holds: the shape is unknown, so the beat is not classified.
            pending.Stale = true;
            SetNeutral(ref pending);
            return;
        }

        var first = k - _before - _lag;
        for (var j = 0; j < _segment.Length; j++)
        {
            _segment[j] = At(first + j);
        }

        var centred = _segment.AsSpan(_lag, _length);
        var (width, pp, polarity) = Shape(centred);
        var (pSd, havePSegment) = PSegment(k);

        // Reference template (before this beat joins any): the narrowest of the frequent ones.
        var maxWeight = 0.0;
        foreach (var t in _templates)
        {
            maxWeight = t.Active ? Math.Max(maxWeight, t.Weight) : maxWeight;
        }

        var reference = -1;
        for (var t = 0; t < Templates; t++)
        {
            if (_templates[t].Active && _templates[t].Weight >= 0.5 * maxWeight && (reference < 0 || _templates[t].Width < _templates[reference].Width))
            {
                reference = t;
            }
        }

        var best = -1;
        var bestCorrelation = double.NegativeInfinity;
        var bestLag = 0;
        var referenceCorrelation = 1.0;
        for (var t = 0; t < Templates; t++)
        {
            if (!_templates[t].Active)
            {
                continue;
            }

            var (c, lag) = BestCorrelation(_templates[t].Values);
            if (t == reference)
            {
                referenceCorrelation = c;
            }

            if (c > bestCorrelation)
            {
                (best, bestCorrelation, bestLag) = (t, c, lag);
            }
        }

        pending.Width = (float)width;
        if (reference >= 0)
        {
            var r = _templates[reference];
            pending.WidthRatio = (float)(r.Width > 0 ? width / r.Width : 1);
            pending.Correlation = (float)referenceCorrelation;
            pending.AmplitudeRatio = (float)(r.PeakToPeak > 0 ? pp / r.PeakToPeak : 1);
            pending.PolarityMatch = polarity == r.Polarity ? 1 : -1;
        }
        else
        {
            pending.WidthRatio = 1;
            pending.Correlation = 1;
            pending.AmplitudeRatio = 1;
            pending.PolarityMatch = 1;
        }

        if (_pCount > 0 && havePSegment)
        {
            var sums = default(PearsonSums);
            for (var i = 0; i < _pLength; i++)
            {
                sums.Add(_p[i], _pTemplate[i]);
            }

            pending.PCorrelation = (float)sums.Correlation;
            pending.PAmplitudeRatio = (float)(_pTemplateSd > 1e-6 ? pSd / _pTemplateSd : 1);
        }
        else
        {
            pending.PCorrelation = 1;
            pending.PAmplitudeRatio = 1;
        }

        // Learn: decay every template, then let the beat join its best match or start a new template.
        foreach (var t in _templates)
        {
            t.Weight *= 0.98;
        }

        if (best >= 0 && bestCorrelation >= _options.TemplateCorrelation)
        {
            var t = _templates[best];
            t.Count++;
            t.Weight += 1;
            var rate = 1.0f / Math.Min(t.Count, TemplateMemory);
            var aligned = _segment.AsSpan(_lag + bestLag, _length);
            for (var i = 0; i < _length; i++)
            {
                t.Values[i] += rate * (aligned[i] - t.Values[i]);
            }

            (t.Width, t.PeakToPeak, t.Polarity) = Shape(t.Values);
            var ratio = pending.LocalRr > 0 ? pending.PreRr / pending.LocalRr : 1;
            if (best == reference && ratio >= 0.9 && havePSegment)
            {
                _pCount++;
                var pRate = 1.0 / Math.Min(_pCount, TemplateMemory);
                for (var i = 0; i < _pLength; i++)
                {
                    _pTemplate[i] += pRate * (_p[i] - _pTemplate[i]);
                }

                _pTemplateSd = SampleStatistics.StandardDeviation(_pTemplate);
            }
        }
        else if (best < 0 || bestCorrelation < _options.NewTemplateCorrelation)
        {
            // An empty slot, else the weakest template.
            var slot = 0;
            for (var t = 0; t < Templates; t++)
            {
                if (!_templates[t].Active)
                {
                    slot = t;
                    break;
                }

                if (_templates[t].Weight < _templates[slot].Weight)
                {
                    slot = t;
                }
            }

            var fresh = _templates[slot];
            centred.CopyTo(fresh.Values);
            fresh.Active = true;
            fresh.Count = 1;
            fresh.Weight = 1;
            (fresh.Width, fresh.PeakToPeak, fresh.Polarity) = (width, pp, polarity);
            if (reference < 0 && havePSegment)
            {
                // The stream's first beat seeds the P template too.
                _p.CopyTo(_pTemplate.AsSpan());
                _pCount = 1;
                _pTemplateSd = pSd;
            }
        }
    }

    private static void SetNeutral(ref PendingBeat pending)
    {
        pending.Width = 0;
        pending.WidthRatio = 1;
        pending.Correlation = 0;
        pending.AmplitudeRatio = 1;
        pending.PCorrelation = 0;
        pending.PAmplitudeRatio = 1;
        pending.PolarityMatch = 1;
    }

    private float At(long index) => index < 0 || index >= _written || index < _written - _ring.Length ? 0 : _ring[(int)(index % _ring.Length)];

    // Width (s) of the span of steep slopes, peak-to-peak (mV) and the sign of the largest deflection from the
    // window's first 10 ms.
    private (double Width, double PeakToPeak, int Polarity) Shape(ReadOnlySpan<float> x)
    {
        var edge = Math.Max(1, (int)Math.Round(0.01 * _fs));
        var baseline = 0.0;
        for (var i = 0; i < edge; i++)
        {
            baseline += x[i];
        }

        baseline /= edge;
        double min = double.MaxValue, max = double.MinValue, steepest = 0, largest = 0;
        var sign = 1;
        for (var i = 0; i < x.Length; i++)
        {
            min = Math.Min(min, x[i]);
            max = Math.Max(max, x[i]);
            var deviation = x[i] - baseline;
            if (Math.Abs(deviation) > largest)
            {
                largest = Math.Abs(deviation);
                sign = deviation >= 0 ? 1 : -1;
            }

            if (i > 0 && i < x.Length - 1)
            {
                steepest = Math.Max(steepest, Math.Abs(x[i + 1] - x[i - 1]));
            }
        }

        int firstSteep = -1, lastSteep = -1;
        for (var i = 1; i < x.Length - 1; i++)
        {
            if (Math.Abs(x[i + 1] - x[i - 1]) > WidthSlopeFraction * steepest)
            {
                firstSteep = firstSteep < 0 ? i : firstSteep;
                lastSteep = i;
            }
        }

        var width = firstSteep < 0 ? 0 : (lastSteep - firstSteep) / _fs;
        return (width, max - min, sign);
    }

    // The smoothed, detrended pre-QRS segment into _p; its standard deviation; false when it starts before the stream.
    private (double Sd, bool Present) PSegment(long k)
    {
        var start = k - _pFrom;
        if (start - _pHalf < 0)
        {
            return (0, false);
        }

        for (var i = 0; i < _pLength; i++)
        {
            var sum = 0.0;
            for (var j = -_pHalf; j <= _pHalf; j++)
            {
                sum += At(start + i + j);
            }

            _p[i] = sum / ((2 * _pHalf) + 1);
        }

        // Least-squares line removed: baseline wander is not a P wave.
        var n = _pLength;
        var meanI = (n - 1) / 2.0;
        double meanX = 0, sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += _p[i];
        }

        meanX /= n;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanI) * (_p[i] - meanX);
            sxx += (i - meanI) * (i - meanI);
        }

        var slope = sxx > 0 ? sxy / sxx : 0;
        for (var i = 0; i < n; i++)
        {
            _p[i] -= meanX + (slope * (i - meanI));
        }

        return (SampleStatistics.StandardDeviation(_p), true);
    }

    private (double Correlation, int Lag) BestCorrelation(float[] template)
    {
        var best = double.NegativeInfinity;
        var bestLag = 0;
        for (var lag = -_lag; lag <= _lag; lag++)
        {
            var sums = default(PearsonSums);
            var offset = _lag + lag;
            for (var i = 0; i < _length; i++)
            {
                sums.Add(_segment[offset + i], template[i]);
            }

            var c = sums.Correlation;
            if (c > best)
            {
                (best, bestLag) = (c, lag);
            }
        }

        return (best, bestLag);
    }
}
