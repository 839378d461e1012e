namespace TeleSante.Analysis.Internal;

/// <summary>
/// One lead's front end: lead-off/gap tracking, the Pan–Tompkins feature chain (band-pass, derivative, squaring,
/// moving-window integration) and a wide-band copy of the signal kept for locating the fiducial point. Every buffer
/// is allocated here, once; <see cref="Step"/> allocates nothing.
/// </summary>
internal sealed class LeadChannel
{
    // Wide band used only to place the fiducial point on the visible R (or QS) peak.
    private const double WideLowHz = 0.5;
    private const double WideHighHz = 40;

    // Time constant of the running means that put leads on one scale before they are summed (multi-lead only).
    private const double NormalisationSeconds = 5;

    private readonly Biquad[] _band = new Biquad[3];
    private readonly Biquad[] _wide = new Biquad[2];
    private readonly double[] _bandHistory;
    private readonly double[] _squares;
    private readonly double[] _wideRing;
    private readonly double[] _featureRing;
    private readonly double[] _slopeRing;
    private readonly int _derivativeLag;
    private readonly double _flatTolerance;
    private readonly long _flatMinimum;
    private readonly double _emaAlpha;
    private int _squareCount;
    private double _squareSum;
    private double _runMin;
    private double _runMax;
    private long _runStart;
    private long _validSince;
    private double _emaFeature;
    private double _emaSlope;
    private double _emaWeight;

    public LeadChannel(QrsDetectorOptions options, int wideRingLength)
    {
        var fs = options.SampleRateHz;
        _band[0] = Biquad.HighPass(options.BandLowHz, fs, Math.Sqrt(0.5));
        _band[1] = Biquad.LowPass(options.BandHighHz, fs, 0.5412);
        _band[2] = Biquad.LowPass(options.BandHighHz, fs, 1.3066);
        _wide[0] = Biquad.HighPass(WideLowHz, fs, Math.Sqrt(0.5));
        _wide[1] = Biquad.LowPass(WideHighHz, fs, Math.Sqrt(0.5));

        // A difference over 10 ms: a derivative up to ~50 Hz whatever the rate (Pan–Tompkins' five-point derivative at 200 Hz spans 20 ms).
        _derivativeLag = Math.Max(1, (int)Math.Round(0.010 * fs));
        _bandHistory = new double[_derivativeLag + 1];
        _squares = new double[Math.Max(1, (int)Math.Round(options.IntegrationMs / 1000 * fs))];
        _wideRing = new double[wideRingLength];
        _featureRing = new double[wideRingLength];
        _slopeRing = new double[wideRingLength];
        _flatTolerance = options.FlatToleranceMv;
        _flatMinimum = (long)Math.Round(options.FlatMinimumSeconds * fs);
        _emaAlpha = 1 / (NormalisationSeconds * fs);

        // Delays at the QRS's main frequency (~10 Hz in the band, ~15 Hz in the wide band), to map feature time back to signal time.
        var centre = Math.Sqrt(options.BandLowHz * options.BandHighHz);
        BandDelaySamples = _band.Sum(b => b.GroupDelaySamples(centre, fs)) + (_derivativeLag / 2.0);
        WideDelaySamples = _wide.Sum(b => b.GroupDelaySamples(15, fs));
        IntegrationSamples = _squares.Length;
        SegmentStart = -1;
        _runStart = -1;
    }

    public double BandDelaySamples { get; }

    public double WideDelaySamples { get; }

    public int IntegrationSamples { get; }

    /// <summary>Moving-window integral of the squared derivative at the last analysed sample.</summary>
    public double Feature { get; private set; }

    /// <summary>Absolute derivative at the last analysed sample.</summary>
    public double Slope { get; private set; }

    /// <summary>Feature and slope divided by their running means, so that leads of different sizes weigh alike when summed.</summary>
    public double NormalisedFeature => _emaWeight > 0 && _emaFeature > 0 ? Feature / (_emaFeature / _emaWeight) : 0;

    /// <summary>The feature at sample <paramref name="n"/>, still buffered.</summary>
    public double FeatureAt(long n) => n < _validSince ? 0 : _featureRing[n % _featureRing.Length];

    /// <summary>The steepest absolute derivative over [<paramref name="from"/>, <paramref name="to"/>], still buffered
    /// (nothing before the lead last became analysable).</summary>
    public double SteepestSlope(long from, long to)
    {
        var steepest = 0.0;
        for (var i = Math.Max(from, _validSince); i <= to; i++)
        {
            steepest = Math.Max(steepest, _slopeRing[i % _slopeRing.Length]);
        }

        return steepest;
    }

    /// <summary>A slope over the lead's current running mean of slopes.</summary>
    public double NormaliseSlope(double slope) => _emaWeight > 0 && _emaSlope > 0 ? slope / (_emaSlope / _emaWeight) : 0;

    /// <summary>A feature value over the lead's current running mean.</summary>
    public double Normalise(double feature) => _emaWeight > 0 && _emaFeature > 0 ? feature / (_emaFeature / _emaWeight) : 0;

    public bool IsAnalysable => SegmentStart < 0;

    /// <summary>First sample of the current unanalysable segment; -1 while the lead is analysable.</summary>
    public long SegmentStart { get; private set; }

    public UnanalysableReason SegmentReason { get; private set; }

    /// <summary>Where the segment that the last <see cref="LeadState.Recovered"/> ended had begun.</summary>
    public long SegmentStartBeforeRecovery { get; private set; } = -1;

    /// <summary>True when the signal has stayed within the flat tolerance from <paramref name="index"/> to now: a
    /// "deflection" there was a step onto a rail or a lead coming off, not a QRS (which the signal always leaves).</summary>
    public bool FlatSince(long index) => _runStart >= 0 && _runStart <= index;

    /// <summary>First sample analysed since the stream began or the lead last recovered: the wide ring holds nothing older.</summary>
    public long ValidSince => _validSince;

    public LeadState Step(long n, float sample)
    {
        if (float.IsNaN(sample) || float.IsInfinity(sample))
        {
            _runStart = -1;
            if (IsAnalysable)
            {
                SegmentStart = n;
                SegmentReason = UnanalysableReason.Missing;
                return LeadState.BecameUnanalysable;
            }

            return LeadState.Unanalysable;
        }

        double x = sample;
        if (!IsAnalysable)
        {
            // A flat segment ends when the signal leaves its range; a missing one with the first real sample.
            if (SegmentReason == UnanalysableReason.Flat && _runStart >= 0 && x >= _runMax - _flatTolerance && x <= _runMin + _flatTolerance)
            {
                _runMin = Math.Min(_runMin, x);
                _runMax = Math.Max(_runMax, x);
                return LeadState.Unanalysable;
            }

            Restart(n, x);
            return LeadState.Recovered;
        }

        if (_runStart < 0 || x < _runMax - _flatTolerance || x > _runMin + _flatTolerance)
        {
            _runStart = n;
            _runMin = x;
            _runMax = x;
        }
        else
        {
            _runMin = Math.Min(_runMin, x);
            _runMax = Math.Max(_runMax, x);
            if (n - _runStart + 1 >= _flatMinimum)
            {
                SegmentStart = _runStart;
                SegmentReason = UnanalysableReason.Flat;
                return LeadState.BecameUnanalysable;
            }
        }

        if (n == 0 || _validSince < 0)
        {
            Restart(n, x);
            return LeadState.Analysed;
        }

        Filter(n, x);
        return LeadState.Analysed;
    }

    /// <summary>Index of the largest absolute wide-band value over [from, to] (inclusive, wide-band time), clipped to what is buffered.</summary>
    public long LargestDeflection(long from, long to, long now)
    {
        from = Math.Max(from, Math.Max(_validSince, now - _wideRing.Length + 1));
        to = Math.Min(to, now);
        var best = to;
        var bestValue = -1.0;
        for (var i = from; i <= to; i++)
        {
            var v = Math.Abs(_wideRing[i % _wideRing.Length]);
            if (v > bestValue)
            {
                bestValue = v;
                best = i;
            }
        }

        return best;
    }

    private void Restart(long n, double x)
    {
        SegmentStartBeforeRecovery = SegmentStart;
        SegmentStart = -1;
        _validSince = n;
        _runStart = n;
        _runMin = x;
        _runMax = x;
        // As if the signal had always been x: no filter transient from its offset. After a high-pass, a constant is 0.
        _band[0].Settle(x);
        _wide[0].Settle(x);
        for (var i = 1; i < _band.Length; i++)
        {
            _band[i].Settle(0);
        }

        _wide[1].Settle(0);

        Array.Clear(_bandHistory);
        Array.Clear(_squares);
        Array.Clear(_wideRing);
        Array.Clear(_featureRing);
        Array.Clear(_slopeRing);
        _squareSum = 0;
        _squareCount = 0;
        _emaFeature = 0;
        _emaSlope = 0;
        _emaWeight = 0;
        Feature = 0;
        Slope = 0;
    }

    private void Filter(long n, double x)
    {
        var band = x;
        for (var i = 0; i < _band.Length; i++)
        {
            band = _band[i].Step(band);
        }

        var wide = x;
        for (var i = 0; i < _wide.Length; i++)
        {
            wide = _wide[i].Step(wide);
        }

        _wideRing[n % _wideRing.Length] = wide;

        var slot = (int)(n % _bandHistory.Length);
        var derivative = band - _bandHistory[(int)((n + 1) % _bandHistory.Length)];
        _bandHistory[slot] = band;

        var square = derivative * derivative;
        var at = (int)(n % _squares.Length);
        _squareSum += square - _squares[at];
        _squares[at] = square;
        if (++_squareCount >= _squares.Length * 64)
        {
            // Re-add from scratch now and then so rounding in the running sum cannot drift.
            _squareCount = 0;
            _squareSum = 0;
            foreach (var s in _squares)
            {
                _squareSum += s;
            }
        }

        Feature = Math.Max(0, _squareSum) / _squares.Length;
        Slope = Math.Abs(derivative);
        _featureRing[n % _featureRing.Length] = Feature;
        _slopeRing[n % _slopeRing.Length] = Slope;

        _emaWeight += _emaAlpha * (1 - _emaWeight);
        _emaFeature += _emaAlpha * (Feature - _emaFeature);
        _emaSlope += _emaAlpha * (Slope - _emaSlope);
    }
}
