using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis.Measurements;

/// <summary>
/// Resting 12-lead measurements (issue 12) from the median beat of a window, typically 10 s, aligned on the detector's
/// beats. Method, in order:
/// <list type="number">
/// <item>Heart rate = 60 / median RR of all beats in the window.</item>
/// <item>Baseline wander is removed by a straight line through the PR segments of consecutive beats (below).</item>
/// <item>Beats whose preceding RR is off the median by more than <see cref="RestingEcgOptions.RrOutlierFraction"/> are
/// left out; a first median beat is formed; each remaining beat is re-aligned on it (best lag within ±20 ms of the QRS,
/// ±60 ms, all leads) and left out if its correlation is below <see cref="RestingEcgOptions.MinimumCorrelation"/>;
/// the median beat per lead is the sample-wise median of the aligned beats (500 ms before the R fiducial, 700 ms after).</item>
/// <item>Lead quality: flat (median beat peak-to-peak), saturated (run at the window's extreme), noisy (RMS of beats
/// minus median). Only good leads take part in the global fiducial points.</item>
/// <item>QRS onset and offset: the combined absolute derivative of the good leads (8 ms smoothing, ±4 ms central
/// difference) falls below 12 % of its QRS peak (and 4× its noise level) for 12 ms (at least 3 samples), searching outwards from that peak:
/// the earliest onset and latest offset over all leads at once.</item>
/// <item>T offset: the tangent at the steepest descent of the spatial magnitude (RMS over good leads of the 16 ms smoothed
/// median beats above their PR-segment level) after its T peak, intersected with the isoelectric level (the tangent
/// method, as used for QT in the TQT studies).</item>
/// <item>P onset and offset: the P wave is the spatial magnitude's peak between the previous T and the QRS; where it
/// stands above <see cref="RestingEcgOptions.MinimumPWaveMv"/> and 5× the noise and repeats beat after beat (median
/// correlation of the beats' P regions with the median's at least <see cref="RestingEcgOptions.MinimumPCorrelation"/>), its boundaries are where the combined
/// derivative, searched outwards from its steepest points, falls below 8 % of them (and 2× its noise level).</item>
/// <item>Frontal axes from the net areas of leads I and aVF over P, QRS and ST-T (<see cref="FrontalAxis"/>); QTc by
/// Bazett and by Fridericia with the median RR (<see cref="QtCorrection"/>).</item>
/// </list>
/// Runs once per window: it allocates its working arrays (a few hundred kB for 12 leads × 10 s at 500 Hz).
/// </summary>
public sealed class RestingEcgMeasurer
{
    private const double AxisMinimumAreaMvS = 0.001;
    private readonly RestingEcgOptions _options;
    private readonly double _rate;

    public RestingEcgMeasurer(RestingEcgOptions options)
    {
        options.Validate();
        _options = options;
        _rate = options.SampleRateHz;
    }

    /// <summary>Measures one window of interleaved frames (mV) of <paramref name="leadCount"/> leads in the standard
    /// order (I, II, III, aVR, aVL, aVF, V1..V6; the axes need the first six) given the detected beats' fiducial samples,
    /// counted from the window's first frame.</summary>
    public RestingEcgMeasurements Measure(ReadOnlySpan<float> frames, int leadCount, ReadOnlySpan<long> beats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leadCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leadCount, 32);
        if (frames.Length % leadCount != 0)
        {
            throw new ArgumentException($"{frames.Length} samples is not a whole number of {leadCount}-lead frames", nameof(frames));
        }

        var n = frames.Length / leadCount;
        var rr = MedianRr(beats);
        var rate = rr > 0 ? Measurement.Of(60 / rr) : Measurement.Not(NotMeasurableReason.TooFewBeats);

        var leads = new double[leadCount][];
        var saturated = new bool[leadCount];
        for (var l = 0; l < leadCount; l++)
        {
            leads[l] = new double[n];
            for (var i = 0; i < n; i++)
            {
                leads[l][i] = frames[(i * leadCount) + l];
            }

            saturated[l] = IsSaturated(leads[l]);
        }

        var pre = Samples(0.5);
        var post = Samples(0.7);
        var length = pre + post + 1;
        var candidates = new List<long>();
        for (var b = 0; b < beats.Length; b++)
        {
            var at = beats[b];
            if (at - pre < 0 || at + post >= n)
            {
                continue;
            }

            if (b > 0 && rr > 0 && Math.Abs(((at - beats[b - 1]) / _rate) - rr) > _options.RrOutlierFraction * rr)
            {
                continue;
            }

            candidates.Add(at);
        }

        var excluded = beats.Length - candidates.Count;
        var median = new double[leadCount][];
        for (var l = 0; l < leadCount; l++)
        {
            median[l] = new double[length];
        }

        if (candidates.Count < _options.MinimumBeats)
        {
            return NotMeasured(rate, rr, candidates.Count, beats.Length - candidates.Count, NotMeasurableReason.TooFewBeats, leadCount);
        }

        var starts = new long[candidates.Count];
        for (var b = 0; b < starts.Length; b++)
        {
            starts[b] = candidates[b] - pre;
        }

        MedianBeat(leads, starts, median);
        var used = Align(leads, starts, median, pre);
        excluded += starts.Length - used.Count;
        if (used.Count < _options.MinimumBeats)
        {
            return NotMeasured(rate, rr, used.Count, excluded, NotMeasurableReason.TooFewBeats, leadCount);
        }

        var aligned = used.ToArray();
        MedianBeat(leads, aligned, median);

        // Baseline: a straight line between the PR segments of consecutive beats (10 ms before the first median's QRS
        // onset), subtracted, then the median again. Unlike a high-pass filter it leaves the ST-T and TP levels alone.
        var all = Enumerable.Range(0, leadCount).ToList();
        var knot = (QrsOnset(median, all, pre, 0) ?? (pre - Samples(0.06))) - Samples(0.01);
        RemoveBaseline(leads, aligned, knot);
        MedianBeat(leads, aligned, median);
        var assessments = new LeadAssessment[leadCount];
        var good = new List<int>();
        for (var l = 0; l < leadCount; l++)
        {
            assessments[l] = Assess(l, leads[l], aligned, median[l], saturated[l]);
            if (assessments[l].Quality == LeadQuality.Good)
            {
                good.Add(l);
            }
        }

        if (good.Count == 0)
        {
            return NotMeasured(rate, rr, aligned.Length, excluded, NotMeasurableReason.NoUsableLead, leadCount) with { Leads = assessments };
        }

        var fiducials = Fiducials(leads, aligned, median, good, pre, rr);
        return Result(rate, rr, aligned.Length, excluded, assessments, median, pre, fiducials);
    }

    private int Samples(double seconds) => (int)Math.Round(seconds * _rate);

    private double Ms(double samples) => samples / _rate * 1000;

    private double MedianRr(ReadOnlySpan<long> beats)
    {
        if (beats.Length < 2)
        {
            return 0;
        }

        var rrs = new double[beats.Length - 1];
        for (var i = 1; i < beats.Length; i++)
        {
            rrs[i - 1] = (beats[i] - beats[i - 1]) / _rate;
        }

        return SampleStatistics.MedianInPlace(rrs);
    }

    // Sample-wise median over the beats starting at starts.
    private static void MedianBeat(double[][] leads, long[] starts, double[][] median)
    {
        var scratch = new double[starts.Length];
        for (var l = 0; l < leads.Length; l++)
        {
            var lead = leads[l];
            var beat = median[l];
            for (var k = 0; k < beat.Length; k++)
            {
                for (var b = 0; b < starts.Length; b++)
                {
                    scratch[b] = lead[starts[b] + k];
                }

                beat[k] = SampleStatistics.MedianInPlace(scratch);
            }
        }
    }

    // Re-aligns each beat on the median's QRS (all leads, ±60 ms) within ±20 ms; keeps those that correlate.
    private List<long> Align(double[][] leads, long[] starts, double[][] median, int pre)
    {
        var half = Samples(0.06);
        var maxLag = Samples(0.02);
        var kept = new List<long>(starts.Length);
        var n = leads[0].Length;
        foreach (var start in starts)
        {
            var bestCorrelation = double.NegativeInfinity;
            var bestLag = 0;
            for (var lag = -maxLag; lag <= maxLag; lag++)
            {
                var from = start + lag + pre - half;
                if (from < 0 || from + (2 * half) >= n || start + lag < 0 || start + lag + median[0].Length > n)
                {
                    continue;
                }

                var sums = default(PearsonSums);
                for (var l = 0; l < leads.Length; l++)
                {
                    for (var k = -half; k <= half; k++)
                    {
                        sums.Add(leads[l][start + lag + pre + k], median[l][pre + k]);
                    }
                }

                var r = sums.Correlation;
                if (r > bestCorrelation)
                {
                    bestCorrelation = r;
                    bestLag = lag;
                }
            }

            if (bestCorrelation >= _options.MinimumCorrelation)
            {
                kept.Add(start + bestLag);
            }
        }

        return kept;
    }

    private LeadAssessment Assess(int lead, double[] signal, long[] starts, double[] median, bool saturated)
    {
        double sum = 0;
        foreach (var start in starts)
        {
            for (var k = 0; k < median.Length; k++)
            {
                var d = signal[start + k] - median[k];
                sum += d * d;
            }
        }

        var noise = Math.Sqrt(sum / (starts.Length * median.Length));
        var peakToPeak = median.Max() - median.Min();
        var quality = saturated ? LeadQuality.Saturated
            : peakToPeak < _options.FlatMv ? LeadQuality.Flat
            : noise > _options.NoiseMv ? LeadQuality.Noisy
            : LeadQuality.Good;
        return new LeadAssessment(lead, quality, noise, peakToPeak);
    }

    private bool IsSaturated(double[] signal)
    {
        const double Tolerance = 0.005;
        var max = signal.Max();
        var min = signal.Min();
        if (max - min <= Tolerance)
        {
            return false; // flat, not saturated: judged on the median beat
        }

        var limit = Samples(_options.SaturationMs / 1000);
        int runHigh = 0, runLow = 0;
        foreach (var v in signal)
        {
            runHigh = v >= max - Tolerance ? runHigh + 1 : 0;
            runLow = v <= min + Tolerance ? runLow + 1 : 0;
            if (runHigh >= limit || runLow >= limit)
            {
                return true;
            }
        }

        return false;
    }

    // Subtracts per lead the line through the beats' knot levels (mean over ±4 ms), constant beyond the first and last.
    private void RemoveBaseline(double[][] leads, long[] starts, int knot)
    {
        var half = Math.Max(1, Samples(0.004));
        var knots = new long[starts.Length];
        for (var b = 0; b < starts.Length; b++)
        {
            knots[b] = starts[b] + knot;
        }

        Array.Sort(knots);
        var levels = new double[knots.Length];
        foreach (var lead in leads)
        {
            for (var b = 0; b < knots.Length; b++)
            {
                double sum = 0;
                for (var k = knots[b] - half; k <= knots[b] + half; k++)
                {
                    sum += lead[k];
                }

                levels[b] = sum / ((2 * half) + 1);
            }

            var segment = 0;
            for (var i = 0; i < lead.Length; i++)
            {
                while (segment < knots.Length - 1 && i > knots[segment + 1])
                {
                    segment++;
                }

                double baseline;
                if (i <= knots[0])
                {
                    baseline = levels[0];
                }
                else if (i >= knots[^1])
                {
                    baseline = levels[^1];
                }
                else
                {
                    var f = (double)(i - knots[segment]) / (knots[segment + 1] - knots[segment]);
                    baseline = levels[segment] + (f * (levels[segment + 1] - levels[segment]));
                }

                lead[i] -= baseline;
            }
        }
    }

    private static double[] Smooth(double[] x, int width)
    {
        var y = new double[x.Length];
        var half = width / 2;
        for (var k = 0; k < x.Length; k++)
        {
            double s = 0;
            var count = 0;
            for (var j = Math.Max(0, k - half); j <= Math.Min(x.Length - 1, k + half); j++)
            {
                s += x[j];
                count++;
            }

            y[k] = s / count;
        }

        return y;
    }

    // Sum over leads of |x[k+h] - x[k-h]|.
    private static double[] CombinedDerivative(IReadOnlyList<double[]> smoothed, int h)
    {
        var length = smoothed[0].Length;
        var d = new double[length];
        foreach (var x in smoothed)
        {
            for (var k = h; k < length - h; k++)
            {
                d[k] += Math.Abs(x[k + h] - x[k - h]);
            }
        }

        return d;
    }

    // The noise of a combined derivative on the median beat, from the beats' residuals: mean over the window of the
    // residuals' combined derivative, scaled to a median of N beats (its standard error is about 1.25 / sqrt(N) of one beat's).
    private static double DerivativeNoise(double[][] leads, long[] starts, double[][] median, IReadOnlyList<int> good, int width, int h)
    {
        var length = median[0].Length;
        var residual = new double[length];
        double total = 0;
        foreach (var start in starts)
        {
            var smoothed = new List<double[]>(good.Count);
            foreach (var l in good)
            {
                for (var k = 0; k < length; k++)
                {
                    residual[k] = leads[l][start + k] - median[l][k];
                }

                smoothed.Add(Smooth(residual, width));
            }

            var d = CombinedDerivative(smoothed, h);
            total += d.Average();
        }

        return total / starts.Length * 1.25 / Math.Sqrt(starts.Length);
    }

    private Fiducial Fiducials(double[][] leads, long[] starts, double[][] median, List<int> good, int pre, double rr)
    {
        var length = median[0].Length;
        var h = Math.Max(1, Samples(0.004));
        var qWidth = Math.Max(1, Samples(0.008)) | 1;
        var pWidth = Math.Max(1, Samples(0.016)) | 1;
        var qSmoothed = good.Select(l => Smooth(median[l], qWidth)).ToList();
        var pSmoothed = good.Select(l => Smooth(median[l], pWidth)).ToList();
        var dq = CombinedDerivative(qSmoothed, h);
        var dp = CombinedDerivative(pSmoothed, h);
        var noiseQ = DerivativeNoise(leads, starts, median, good, qWidth, h);
        var noiseP = DerivativeNoise(leads, starts, median, good, pWidth, h);
        var fiducial = new Fiducial();

        var (onset, offset) = QrsBounds(dq, pre, noiseQ);
        if (onset is null || offset is null)
        {
            return fiducial;
        }

        fiducial.QrsOnset = onset.Value;
        fiducial.QrsOffset = offset.Value;

        // Isoelectric level per lead: the PR segment just before the QRS.
        var isoFrom = Math.Max(0, onset.Value - Samples(0.016));
        var isoTo = Math.Max(isoFrom, onset.Value - Samples(0.006));
        var magnitude = new double[length];
        for (var g = 0; g < good.Count; g++)
        {
            var x = pSmoothed[g];
            double iso = 0;
            for (var k = isoFrom; k <= isoTo; k++)
            {
                iso += x[k];
            }

            iso /= isoTo - isoFrom + 1;
            fiducial.Iso[good[g]] = iso;
            for (var k = 0; k < length; k++)
            {
                magnitude[k] += (x[k] - iso) * (x[k] - iso);
            }
        }

        for (var k = 0; k < length; k++)
        {
            magnitude[k] = Math.Sqrt(magnitude[k]);
        }

        var floor = Average(magnitude, isoFrom, isoTo);
        var magnitudeNoise = noiseP / Math.Sqrt(good.Count);

        // T: the magnitude's peak after the QRS and before the next beat's QRS; tangent at its steepest descent.
        var rrSamples = rr > 0 ? Samples(rr) : length;
        var nextOnset = onset.Value + rrSamples - Samples(0.02);
        var tFrom = offset.Value + Samples(0.04);
        var tTo = Math.Min(length - 1 - h, nextOnset);
        if (tTo > tFrom + Samples(0.04))
        {
            var tPeak = ArgMax(magnitude, tFrom, tTo);
            var amplitude = magnitude[tPeak] - floor;
            if (amplitude > 0.05)
            {
                fiducial.TPeak = tPeak;
                var low = tPeak;
                while (low < tTo && magnitude[low] > floor + (0.2 * amplitude))
                {
                    low++;
                }

                var steepest = tPeak;
                var slope = 0.0;
                for (var k = Math.Max(tPeak, h); k <= low; k++)
                {
                    var s = (magnitude[k + h] - magnitude[k - h]) / (2 * h);
                    if (s < slope)
                    {
                        slope = s;
                        steepest = k;
                    }
                }

                if (slope < 0)
                {
                    var end = steepest + ((magnitude[steepest] - floor) / -slope);
                    if (end <= tTo + Samples(0.1))
                    {
                        fiducial.TOffset = end;
                    }
                }
            }
        }

        // P: the most prominent peak of the magnitude between the previous beat's T peak and this QRS (a peak, not the
        // previous T's tail; at fast rates the P may ride on that T, and then its valley with it bounds the search).
        var pFrom = Math.Max(h, onset.Value - Samples(0.4));
        pFrom = Math.Max(pFrom, (fiducial.TPeak ?? (offset.Value + Samples(0.08))) - rrSamples + Samples(0.02));
        var pTo = onset.Value - Samples(0.01);
        fiducial.NoP = true;
        if (pTo > pFrom + Samples(0.03) && ProminentPeak(magnitude, pFrom, pTo, Math.Max(1, Samples(0.01))) is var (pPeak, prominence, valley)
            && prominence >= _options.MinimumPWaveMv && prominence >= 5 * magnitudeNoise
            && PConsistency(leads, starts, median, good, Math.Max(pFrom, pPeak - Samples(0.06)), Math.Min(pTo, pPeak + Samples(0.06))) >= _options.MinimumPCorrelation)
        {
            var rise = ArgMax(dp, valley, pPeak);
            var fall = ArgMax(dp, pPeak, pTo);
            var thresholdP = Math.Max(0.08 * Math.Max(dp[rise], dp[fall]), 2 * noiseP);
            var pOnset = rise;
            while (pOnset > valley && dp[pOnset] >= thresholdP)
            {
                pOnset--;
            }

            var pOffset = fall;
            while (pOffset < onset.Value && dp[pOffset] >= thresholdP)
            {
                pOffset++;
            }

            fiducial.NoP = false;
            fiducial.POnset = pOnset;
            fiducial.POffset = pOffset;
        }

        return fiducial;
    }

    // Median over beats of the correlation of each beat's P region (all good leads) with the median beat's: a P wave
    // repeats beat after beat; fibrillatory waves and a T that moves with an irregular RR do not.
    private static double PConsistency(double[][] leads, long[] starts, double[][] median, List<int> good, int from, int to)
    {
        var correlations = new double[starts.Length];
        for (var b = 0; b < starts.Length; b++)
        {
            var sums = default(PearsonSums);
            foreach (var l in good)
            {
                for (var k = from; k <= to; k++)
                {
                    sums.Add(leads[l][starts[b] + k], median[l][k]);
                }
            }

            correlations[b] = sums.Correlation;
        }

        return SampleStatistics.MedianInPlace(correlations);
    }

    // QRS: outwards from the steepest point near the R fiducial until 10 ms of quiet.
    private (int? Onset, int? Offset) QrsBounds(double[] dq, int pre, double noise)
    {
        var anchor = ArgMax(dq, pre - Samples(0.06), pre + Samples(0.06));
        var threshold = Math.Max(0.12 * dq[anchor], 4 * noise);
        var quiet = Math.Max(3, Samples(0.012));
        return (Quiet(dq, anchor, -1, pre - Samples(0.2), threshold, quiet), Quiet(dq, anchor, +1, pre + Samples(0.25), threshold, quiet));
    }

    private int? QrsOnset(double[][] median, List<int> leads, int pre, double noise)
    {
        var width = Math.Max(1, Samples(0.008)) | 1;
        var dq = CombinedDerivative(leads.Select(l => Smooth(median[l], width)).ToList(), Math.Max(1, Samples(0.004)));
        return QrsBounds(dq, pre, noise).Onset;
    }

    private RestingEcgMeasurements Result(Measurement rate, double rr, int used, int excluded, LeadAssessment[] assessments, double[][] median, int pre, Fiducial f)
    {
        if (f.QrsOnset is not { } on || f.QrsOffset is not { } off)
        {
            return NotMeasured(rate, rr, used, excluded, NotMeasurableReason.BoundaryNotFound, median.Length) with { Leads = assessments };
        }

        var qrs = Measurement.Of(Ms(off - on));
        var pr = f.POnset is { } pOn ? Measurement.Of(Ms(on - pOn)) : Measurement.Not(f.NoP ? NotMeasurableReason.NoPWave : NotMeasurableReason.BoundaryNotFound);
        var qt = f.TOffset is { } tEnd ? Measurement.Of(Ms(tEnd - on)) : Measurement.Not(NotMeasurableReason.BoundaryNotFound);
        var qtcB = qt.Value is { } q && rr > 0 ? Measurement.Of(QtCorrection.Bazett(q, rr)) : Measurement.Not(qt.Reason ?? NotMeasurableReason.TooFewBeats);
        var qtcF = qt.Value is { } q2 && rr > 0 ? Measurement.Of(QtCorrection.Fridericia(q2, rr)) : Measurement.Not(qt.Reason ?? NotMeasurableReason.TooFewBeats);

        Measurement Axis(double? from, double? to, NotMeasurableReason missing)
        {
            if (median.Length < 6 || assessments[0].Quality != LeadQuality.Good || assessments[5].Quality != LeadQuality.Good)
            {
                return Measurement.Not(NotMeasurableReason.LeadUnusable);
            }

            if (from is not { } a || to is not { } b)
            {
                return Measurement.Not(missing);
            }

            var i = NetArea(median[0], f.Iso[0], a, b);
            var avf = NetArea(median[5], f.Iso[5], a, b);
            return FrontalAxis.FromNetAreas(i, avf, AxisMinimumAreaMvS) is { } axis ? Measurement.Of(axis) : Measurement.Not(NotMeasurableReason.IndeterminateAxis);
        }

        return new RestingEcgMeasurements
        {
            HeartRateBpm = rate,
            RrSeconds = rr,
            PrMs = pr,
            QrsMs = qrs,
            QtMs = qt,
            QtcBazettMs = qtcB,
            QtcFridericiaMs = qtcF,
            PAxisDegrees = Axis(f.POnset, f.POffset, pr.Reason ?? NotMeasurableReason.NoPWave),
            QrsAxisDegrees = Axis(on, off, NotMeasurableReason.BoundaryNotFound),
            TAxisDegrees = Axis(off, f.TOffset, NotMeasurableReason.BoundaryNotFound),
            BeatsUsed = used,
            BeatsExcluded = excluded,
            Leads = assessments,
            POnsetMs = f.POnset is { } p1 ? Ms(p1 - pre) : null,
            POffsetMs = f.POffset is { } p2 ? Ms(p2 - pre) : null,
            QrsOnsetMs = Ms(on - pre),
            QrsOffsetMs = Ms(off - pre),
            TOffsetMs = f.TOffset is { } t ? Ms(t - pre) : null,
        };
    }

    // Net area (mV·s) above the isoelectric level between two fractional sample positions.
    private double NetArea(double[] beat, double iso, double from, double to)
    {
        double sum = 0;
        var last = Math.Min(beat.Length - 1, (int)Math.Floor(to));
        for (var k = Math.Max(0, (int)Math.Ceiling(from)); k <= last; k++)
        {
            sum += beat[k] - iso;
        }

        return sum / _rate;
    }

    private RestingEcgMeasurements NotMeasured(Measurement rate, double rr, int used, int excluded, NotMeasurableReason reason, int leadCount)
    {
        var not = Measurement.Not(reason);
        return new RestingEcgMeasurements
        {
            HeartRateBpm = rate,
            RrSeconds = rr,
            PrMs = not,
            QrsMs = not,
            QtMs = not,
            QtcBazettMs = not,
            QtcFridericiaMs = not,
            PAxisDegrees = not,
            QrsAxisDegrees = not,
            TAxisDegrees = not,
            BeatsUsed = used,
            BeatsExcluded = excluded,
            Leads = Enumerable.Range(0, leadCount).Select(l => new LeadAssessment(l, LeadQuality.Good, double.NaN, double.NaN)).ToArray(),
            POnsetMs = null,
            POffsetMs = null,
            QrsOnsetMs = null,
            QrsOffsetMs = null,
            TOffsetMs = null,
        };
    }

    // Walks from start in direction step until the signal stays below threshold for `quiet` samples; returns the first
    // quiet sample, or null if the limit is reached first.
    private static int? Quiet(double[] d, int start, int step, int limit, double threshold, int quiet)
    {
        var run = 0;
        for (var k = start; step < 0 ? k >= Math.Max(limit, 0) : k <= Math.Min(limit, d.Length - 1); k += step)
        {
            run = d[k] < threshold ? run + 1 : 0;
            if (run >= quiet)
            {
                return k - (step * (quiet - 1));
            }
        }

        return null;
    }

    private static int ArgMax(double[] x, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(x.Length - 1, to);
        var best = from;
        for (var k = from; k <= to; k++)
        {
            if (x[k] > x[best])
            {
                best = k;
            }
        }

        return best;
    }

    // The local maximum (over ±halfWidth) of x in [from, to] that rises most above the higher of its two valleys (the
    // lowest points between it and the search window's ends); null when there is none inside.
    private static (int Peak, double Prominence, int LeftValley)? ProminentPeak(double[] x, int from, int to, int halfWidth)
    {
        (int, double, int)? best = null;
        for (var k = from + 1; k < to; k++)
        {
            var isPeak = true;
            for (var j = Math.Max(from, k - halfWidth); j <= Math.Min(to, k + halfWidth) && isPeak; j++)
            {
                isPeak = x[j] <= x[k];
            }

            if (!isPeak)
            {
                continue;
            }

            var left = ArgMin(x, from, k);
            var right = ArgMin(x, k, to);
            var prominence = x[k] - Math.Max(x[left], x[right]);
            if (best is null || prominence > best.Value.Item2)
            {
                best = (k, prominence, left);
            }
        }

        return best;
    }

    private static int ArgMin(double[] x, int from, int to)
    {
        var best = from;
        for (var k = from; k <= to; k++)
        {
            if (x[k] < x[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static double Average(double[] x, int from, int to)
    {
        double s = 0;
        for (var k = from; k <= to; k++)
        {
            s += x[k];
        }

        return s / (to - from + 1);
    }

    private sealed class Fiducial
    {
        public int? QrsOnset { get; set; }

        public int? QrsOffset { get; set; }

        public double? TOffset { get; set; }

        public int? TPeak { get; set; }

        public int? POnset { get; set; }

        public int? POffset { get; set; }

        public bool NoP { get; set; }

        public double[] Iso { get; } = new double[32];
    }
}
