using TeleSante.Domain.Codes;

namespace TeleSante.Signal.Synthesis;

/// <summary>
/// A synthetic 12-lead ECG in the spirit of ECGSYN (McSharry et al., IEEE TBME 50(3), 2003): each beat
/// is a sum of Gaussian P, Q, R, S and T waves around the R peak, with the T wave placed relative to
/// sqrt(RR) (Bazett), the RR series drawn per rhythm, and each wave projected onto every lead through
/// a per-lead gain table (frontal leads from a dipole axis; precordial R/S progression V1..V6).
/// It emits the true R-peak times so that beat detectors can be scored against ground truth.
/// With <see cref="SyntheticEcgOptions.Waves"/> set, beats are drawn instead from waves of finite support with the
/// given PR, QRS, QT and frontal axes, and every beat's true boundaries are emitted (<see cref="Boundaries"/>). The
/// leads are then a simple projection of one heart vector per wave (x left, y inferior, z anterior) onto the lead
/// vectors, not the Dower transform: I = x, II = x/2 + y·√3/2, III, aVR, aVL, aVF from Einthoven's and Goldberger's
/// identities (so aVF = y·√3/2), and V1..V6 on transverse-plane directions 115°, 95°, 75°, 55°, 30° and 5° from +x
/// toward anterior. The QRS is a septal Q (axis + 160°, anterior), the main R (on the axis, slightly posterior) and a
/// terminal S (axis − 160°, posterior) of equal frontal areas for Q and S, so the net frontal QRS axis is the given one.
/// Generation is incremental: call <see cref="Next"/> for consecutive blocks of samples.
/// </summary>
public sealed class SyntheticEcg
{
    // Wave: offset from the R peak (s, T scaled by sqrt(RR)), width (s), amplitude in lead II (mV).
    private static readonly (double Offset, double Width, double Amplitude)[] NormalBeat =
    [
        (-0.20, 0.025, 0.15), // P
        (-0.035, 0.010, -0.12), // Q
        (0.0, 0.011, 1.20), // R
        (0.035, 0.011, -0.25), // S
        (0.28, 0.060, 0.30), // T
    ];

    // A PVC: no P wave, wide bizarre QRS, discordant T.
    private static readonly (double Offset, double Width, double Amplitude)[] EctopicBeat =
    [
        (-0.20, 0.025, 0.0),
        (-0.05, 0.025, -0.30),
        (0.0, 0.035, 1.60),
        (0.06, 0.030, -0.60),
        (0.30, 0.080, -0.45),
    ];

    // Per-lead gain of each wave (P, Q, R, S, T) relative to lead II, leads in CodeCatalog.TwelveLeads order
    // (I, II, III, aVR, aVL, aVF, V1..V6). Frontal values follow an axis near +60 degrees; precordial ones
    // the usual R-wave progression (rS in V1, Rs in V6) with upright T except V1.
    private static readonly double[][] LeadGains =
    [
        [0.6, 0.5, 0.55, 0.5, 0.6], // I
        [1.0, 1.0, 1.0, 1.0, 1.0], // II
        [0.4, 0.5, 0.45, 0.5, 0.4], // III = II - I
        [-0.8, -0.75, -0.78, -0.75, -0.8], // aVR = -(I + II) / 2
        [0.1, 0.0, 0.05, 0.0, 0.1], // aVL = I - II / 2
        [0.7, 0.75, 0.72, 0.75, 0.7], // aVF = II - I / 2
        [0.4, 0.0, 0.25, 3.2, -0.2], // V1
        [0.5, 0.2, 0.55, 3.4, 0.9], // V2
        [0.5, 0.4, 0.9, 2.2, 1.0], // V3
        [0.5, 0.6, 1.3, 1.2, 0.9], // V4
        [0.5, 0.8, 1.2, 0.6, 0.8], // V5
        [0.5, 0.8, 1.0, 0.3, 0.6], // V6
    ];

    private readonly SyntheticEcgOptions _options;
    private readonly Random _random;
    private readonly List<(double Time, bool Ectopic, double Rr, bool Atrial)> _beats = [];
    private readonly List<double> _emittedPeaks = [];
    private readonly List<SyntheticBeatKind> _emittedKinds = [];
    private bool _coupletNext;
    private long _nextSample;
    private double _lastBeatTime;
    private double _compensatoryRr;
    private readonly double _meanRr;

    // Timed mode (options.Waves set): per-lead gains of P, Q, R, S, T for normal and ectopic beats; QT in seconds.
    private readonly WaveTiming? _timing;
    private readonly double[][] _normalGains = [];
    private readonly double[][] _ectopicGains = [];
    private readonly double _qt;
    private readonly List<BeatBoundaries> _emittedBoundaries = [];

    public SyntheticEcg(SyntheticEcgOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HeartRateBpm, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.HeartRateBpm, 300);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SampleRateHz, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TWaveWidthScale, 0);
        _options = options;
        _random = new Random(options.Seed);
        _meanRr = 60.0 / options.HeartRateBpm;
        _lastBeatTime = 0.3 - _meanRr;
        if (options.Waves is { } timing)
        {
            _timing = timing;
            _qt = Validate(timing, _meanRr);
            var axis = timing.QrsAxisDegrees;
            _normalGains = Gains(
                (timing.PAxisDegrees, 0.2, 0.15),
                (axis + 160, 0.6, 0.25),
                (axis, -0.35, 1.3),
                (axis - 160, -0.6, 0.25),
                (timing.TAxisDegrees, 0.4, 0.35));
            _ectopicGains = Gains(
                (0, 0, 0),
                (0, 0, 0),
                (axis + 120, 0.5, 1.5),
                (axis - 60, -0.5, 0.4),
                (axis - 60, -0.5, 0.45));
        }
    }

    /// <summary>The lead codes in channel order.</summary>
    public static IReadOnlyList<uint> Leads => CodeCatalog.TwelveLeads;

    /// <summary>R-peak times (seconds from the start) of beats whose peak lies in the samples generated so far.</summary>
    public IReadOnlyList<double> RPeakTimes => _emittedPeaks;

    /// <summary>The kind of each beat of <see cref="RPeakTimes"/>, in the same order: the ground truth a beat classifier
    /// is trained and scored on.</summary>
    public IReadOnlyList<SyntheticBeatKind> BeatKinds => _emittedKinds;

    /// <summary>True wave boundaries of the beats whose R peak lies in the samples generated so far, in the same order
    /// as <see cref="RPeakTimes"/>; empty unless <see cref="SyntheticEcgOptions.Waves"/> is set (Gaussian waves have no
    /// boundaries).</summary>
    public IReadOnlyList<BeatBoundaries> Boundaries => _emittedBoundaries;

    /// <summary>The QT of normal beats in timed mode (given, or derived from the mean RR), seconds; 0 otherwise.</summary>
    public double QtSeconds => _qt;

    /// <summary>Samples generated so far per lead.</summary>
    public long SamplesGenerated => _nextSample;

    /// <summary>Generates the next <paramref name="count"/> samples of every lead, in adu
    /// (value = mV × gain), into <paramref name="leads"/>[lead][i].</summary>
    public void Next(int count, int[][] leads)
    {
        var rate = _options.SampleRateHz;
        var end = (_nextSample + count) / rate;
        while (_lastBeatTime < end + 1.0)
        {
            AddBeat();
        }

        if (_timing is not null)
        {
            NextTimed(count, leads);
            return;
        }

        Span<double> waves = stackalloc double[5];
        Span<double> totals = stackalloc double[5];
        for (var i = 0; i < count; i++)
        {
            var t = (_nextSample + i) / rate;
            var noise = Noise(t);
            var fibrillation = _options.Rhythm == Rhythm.AtrialFibrillation ? 0.05 * Math.Sin(2 * Math.PI * 6.3 * t) * (1 + (0.3 * Math.Sin(2 * Math.PI * 0.7 * t))) : 0;

            // The waves are the same for every lead; only their projection (gain) differs.
            totals.Clear();
            foreach (var beat in _beats)
            {
                if (Math.Abs(beat.Time - t) < 1.0)
                {
                    Waves(beat, t, waves);
                    for (var w = 0; w < 5; w++)
                    {
                        totals[w] += waves[w];
                    }
                }
            }

            for (var lead = 0; lead < leads.Length; lead++)
            {
                var gains = LeadGains[lead];
                var mv = noise + (fibrillation * gains[0]);
                for (var w = 0; w < 5; w++)
                {
                    mv += totals[w] * gains[w];
                }

                leads[lead][i] = (int)Math.Round(mv * _options.GainAduPerMv);
            }
        }

        Advance(count);
    }

    private void Advance(int count)
    {
        var rate = _options.SampleRateHz;
        _nextSample += count;
        foreach (var beat in _beats)
        {
            if (beat.Time < _nextSample / rate && (_emittedPeaks.Count == 0 || beat.Time > _emittedPeaks[^1]))
            {
                _emittedPeaks.Add(beat.Time);
                _emittedKinds.Add(beat.Ectopic ? SyntheticBeatKind.VentricularPremature : beat.Atrial ? SyntheticBeatKind.AtrialPremature : SyntheticBeatKind.Sinus);
                if (_timing is not null)
                {
                    _emittedBoundaries.Add(BoundariesOf(beat));
                }
            }
        }

        // Forget beats that can no longer influence future samples.
        _beats.RemoveAll(b => b.Time < (_nextSample / rate) - 2.0);
    }

    private void NextTimed(int count, int[][] leads)
    {
        var rate = _options.SampleRateHz;
        Span<double> waves = stackalloc double[5];
        Span<double> normal = stackalloc double[5];
        Span<double> ectopic = stackalloc double[5];
        for (var i = 0; i < count; i++)
        {
            var t = (_nextSample + i) / rate;
            var noise = Noise(t);
            var fibrillation = _options.Rhythm == Rhythm.AtrialFibrillation ? 0.05 * Math.Sin(2 * Math.PI * 6.3 * t) * (1 + (0.3 * Math.Sin(2 * Math.PI * 0.7 * t))) : 0;
            normal.Clear();
            ectopic.Clear();
            foreach (var beat in _beats)
            {
                if (Math.Abs(beat.Time - t) < 1.0)
                {
                    TimedWaves(beat, t, waves);
                    var totals = beat.Ectopic ? ectopic : normal;
                    for (var w = 0; w < 5; w++)
                    {
                        totals[w] += waves[w];
                    }
                }
            }

            for (var lead = 0; lead < leads.Length; lead++)
            {
                var n = _normalGains[lead];
                var e = _ectopicGains[lead];
                var mv = noise + (fibrillation * n[0] / 0.15);
                for (var w = 0; w < 5; w++)
                {
                    mv += (normal[w] * n[w]) + (ectopic[w] * e[w] * _options.VentricularEctopicScale);
                }

                leads[lead][i] = (int)Math.Round(mv * _options.GainAduPerMv);
            }
        }

        Advance(count);
    }

    // Seconds from the R peak: QRS onset, QRS duration, QT, P onset (NaN without P).
    private (double QrsOnset, double Qrs, double Qt, double POnset) TimingOf((double Time, bool Ectopic, double Rr, bool Atrial) beat)
    {
        var timing = _timing!;
        var qrs = timing.QrsMs / 1000;
        var qt = _qt;
        if (beat.Ectopic)
        {
            // A ventricular beat: wide (1.8 × QRS, at most 220 ms), repolarisation lengthened by as much.
            var wide = Math.Min(1.8 * qrs, 0.22);
            qt += wide - qrs;
            qrs = wide;
        }

        var onset = -0.5 * qrs;
        var hasP = !beat.Ectopic && _options.Rhythm != Rhythm.AtrialFibrillation;
        return (onset, qrs, qt, hasP ? onset - (timing.PrMs / 1000) : double.NaN);
    }

    private void TimedWaves((double Time, bool Ectopic, double Rr, bool Atrial) beat, double t, Span<double> waves)
    {
        var (onset, d, qt, pOnset) = TimingOf(beat);
        var s = t - beat.Time;
        waves[0] = double.IsNaN(pOnset) ? 0 : Hann(s, pOnset, pOnset + (_timing!.PDurationMs / 1000));
        waves[1] = Hann(s, onset, onset + (0.35 * d));
        waves[2] = Hann(s, onset + (0.2 * d), onset + (0.8 * d));
        waves[3] = Hann(s, onset + (0.65 * d), onset + d);
        if (beat.Atrial)
        {
            waves[0] *= _options.AtrialEctopicPAmplitude;
        }

        // T: 60 % of the ST-T interval, a slow rise to 65 % of it and a faster fall to the T offset.
        var tEnd = onset + qt;
        var span = 0.6 * (qt - d);
        var peak = tEnd - (0.35 * span);
        waves[4] = s <= tEnd - span || s >= tEnd ? 0
            : s <= peak ? 0.5 * (1 - Math.Cos(Math.PI * (s - (tEnd - span)) / (0.65 * span)))
            : 0.5 * (1 + Math.Cos(Math.PI * (s - peak) / (0.35 * span)));
    }

    private static double Hann(double t, double start, double end) =>
        t <= start || t >= end ? 0 : 0.5 * (1 - Math.Cos(2 * Math.PI * (t - start) / (end - start)));

    private BeatBoundaries BoundariesOf((double Time, bool Ectopic, double Rr, bool Atrial) beat)
    {
        var rate = _options.SampleRateHz;
        var (onset, d, qt, pOnset) = TimingOf(beat);
        long At(double seconds) => (long)Math.Round((beat.Time + seconds) * rate);
        return new BeatBoundaries(
            At(0),
            double.IsNaN(pOnset) ? null : At(pOnset),
            double.IsNaN(pOnset) ? null : At(pOnset + (_timing!.PDurationMs / 1000)),
            At(onset),
            At(onset + d),
            At(onset + qt),
            beat.Ectopic);
    }

    private static double Validate(WaveTiming timing, double meanRr)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timing.PDurationMs, 40, nameof(WaveTiming.PDurationMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timing.PDurationMs, 160, nameof(WaveTiming.PDurationMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(timing.PrMs, Math.Max(80, timing.PDurationMs + 20), nameof(WaveTiming.PrMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timing.PrMs, 400, nameof(WaveTiming.PrMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(timing.QrsMs, 40, nameof(WaveTiming.QrsMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timing.QrsMs, 200, nameof(WaveTiming.QrsMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(timing.QtcMs, 250, nameof(WaveTiming.QtcMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timing.QtcMs, 600, nameof(WaveTiming.QtcMs));
        var qtMs = timing.QtMs ?? (timing.QtFormula == QtFormula.Bazett
            ? timing.QtcMs * Math.Sqrt(meanRr)
            : timing.QtcMs * Math.Cbrt(meanRr));
        ArgumentOutOfRangeException.ThrowIfLessThan(qtMs, timing.QrsMs + 80, nameof(WaveTiming.QtMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qtMs, 700, nameof(WaveTiming.QtMs));
        return qtMs / 1000;
    }

    // Gains [lead][wave] of waves given as (frontal angle in degrees, anterior component z, amplitude in mV).
    private static double[][] Gains(params (double Angle, double Z, double Amplitude)[] waves)
    {
        ReadOnlySpan<double> precordial = [115, 95, 75, 55, 30, 5];
        var gains = new double[12][];
        for (var lead = 0; lead < 12; lead++)
        {
            gains[lead] = new double[waves.Length];
        }

        for (var w = 0; w < waves.Length; w++)
        {
            var (angle, z, amplitude) = waves[w];
            var x = Math.Cos(angle * Math.PI / 180);
            var y = Math.Sin(angle * Math.PI / 180);
            var i = x;
            var ii = (0.5 * x) + (y * Math.Sqrt(3) / 2);
            double[] limb = [i, ii, ii - i, -(i + ii) / 2, i - (ii / 2), ii - (i / 2)];
            for (var lead = 0; lead < 6; lead++)
            {
                gains[lead][w] = amplitude * limb[lead];
            }

            for (var v = 0; v < 6; v++)
            {
                var phi = precordial[v] * Math.PI / 180;
                gains[6 + v][w] = amplitude * 1.2 * ((x * Math.Cos(phi)) + (z * Math.Sin(phi)));
            }
        }

        return gains;
    }

    private void Waves((double Time, bool Ectopic, double Rr, bool Atrial) beat, double t, Span<double> waves)
    {
        var shape = beat.Ectopic ? EctopicBeat : NormalBeat;
        var bazett = Math.Sqrt(beat.Rr);
        for (var w = 0; w < 5; w++)
        {
            var (offset, width, amplitude) = shape[w];
            if (w == 0 && (beat.Ectopic || _options.Rhythm == Rhythm.AtrialFibrillation))
            {
                waves[w] = 0;
                continue;
            }

            var center = beat.Time + (w == 4 ? offset * bazett : offset);
            var tall = w == 4 && !beat.Ectopic;
            var z = (t - center) / (tall ? width * _options.TWaveWidthScale : width);
            var scale = beat.Ectopic ? _options.VentricularEctopicScale : w == 0 && beat.Atrial ? _options.AtrialEctopicPAmplitude : tall ? _options.TWaveScale : 1;
            waves[w] = scale * amplitude * Math.Exp(-0.5 * z * z);
        }
    }

    private void AddBeat()
    {
        var rr = _options.Rhythm == Rhythm.AtrialFibrillation
            ? _meanRr * (0.6 + (0.8 * _random.NextDouble())) // irregularly irregular
            : _meanRr * (1 + (0.03 * Gaussian())) * (1 + (_options.SinusArrhythmia * Math.Sin(2 * Math.PI * 0.25 * _lastBeatTime)));
        var ectopic = false;
        var atrial = false;
        if (_options.Rhythm == Rhythm.VentricularTachycardia)
        {
            // Monomorphic VT: a regular ventricular focus, every beat wide; the other options do not apply.
            rr = _meanRr * (1 + (0.01 * Gaussian()));
            ectopic = true;
        }
        else if (_coupletNext)
        {
            // The second beat of a ventricular couplet, as early as the first; the compensatory pause follows it.
            _coupletNext = false;
            ectopic = true;
            rr *= 0.65;
        }
        else if (_compensatoryRr > 0)
        {
            // The beat after a PVC comes after a compensatory pause: the two intervals sum to 2 RR.
            rr = _compensatoryRr;
            _compensatoryRr = 0;
        }
        else if (_beats.Count > 0 && (_options.Bigeminy || _random.NextDouble() < _options.EctopicProbability))
        {
            ectopic = true;
            var early = rr * 0.65;
            _compensatoryRr = (2 * rr) - early;
            rr = early;
            // Only drawn when couplets are asked for, so that records generated without them are unchanged.
            _coupletNext = _options.CoupletProbability > 0 && !_options.Bigeminy && _random.NextDouble() < _options.CoupletProbability;
        }
        else if (_options.AtrialEctopicProbability > 0 && _options.Rhythm != Rhythm.AtrialFibrillation && _random.NextDouble() < _options.AtrialEctopicProbability)
        {
            // A premature atrial beat conducts normally; the sinus node resets, so the next interval is an ordinary one.
            rr *= 0.6 + (0.2 * _random.NextDouble());
            atrial = true;
        }

        _lastBeatTime += rr;
        _beats.Add((_lastBeatTime, ectopic, rr, atrial));
    }

    private double Noise(double t)
    {
        var value = 0.0;
        if (_options.BaselineWanderMv > 0)
        {
            value += _options.BaselineWanderMv * Math.Sin(2 * Math.PI * 0.25 * t);
        }

        if (_options.MainsMv > 0)
        {
            value += _options.MainsMv * Math.Sin(2 * Math.PI * _options.MainsHz * t);
        }

        if (_options.MuscleNoiseMv > 0)
        {
            value += _options.MuscleNoiseMv * Gaussian();
        }

        return value;
    }

    private double Gaussian()
    {
        // Box-Muller.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
