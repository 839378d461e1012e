namespace TeleSante.Analysis.Rhythms;

/// <summary>Cuts a detector's beats into windows of consecutive RR intervals. A window never spans an unanalysable
/// segment: the first beat after one has no RR and starts a new run.</summary>
public static class RhythmWindows
{
    /// <summary>RR intervals per window by default: 30, the length used by the classic AF detectors on RR series
    /// (half a minute at 60 bpm, long enough for the entropy measures, short enough for paroxysms).</summary>
    public const int DefaultIntervals = 30;

    /// <summary>Windows of <paramref name="intervals"/> RR intervals each, the next starting <paramref name="stride"/>
    /// beats later, with P-wave evidence taken from <paramref name="signal"/> (the lead the beats were detected on, mV,
    /// sample 0 = beat sample index 0).</summary>
    public static List<RhythmWindow> Slide(IReadOnlyList<DetectedBeat> beats, ReadOnlySpan<double> signal, double sampleRateHz, int intervals = DefaultIntervals, int stride = DefaultIntervals) =>
        Slide(beats, signal, sampleRateHz, [], intervals, stride);

    /// <summary>As <see cref="Slide(IReadOnlyList{DetectedBeat}, ReadOnlySpan{double}, double, int, int)"/>, but no window
    /// is proposed over a stretch marked noisy (<see cref="UnanalysableReason.Noise"/> in <paramref name="unanalysable"/>):
    /// a window that has any of its beats, or the RR before its first, inside one is skipped; the rhythm there is not
    /// judged.</summary>
    public static List<RhythmWindow> Slide(IReadOnlyList<DetectedBeat> beats, ReadOnlySpan<double> signal, double sampleRateHz, IReadOnlyList<UnanalysableSegment> unanalysable, int intervals = DefaultIntervals, int stride = DefaultIntervals)
    {
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentNullException.ThrowIfNull(unanalysable);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervals, RrWindowFeatures.MinimumIntervals);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var windows = new List<RhythmWindow>();
        var rr = new double[intervals];
        var indexes = new long[intervals];
        var runStart = 0;
        var nextStart = -1;
        for (var i = 0; i < beats.Count; i++)
        {
            if (beats[i].RrSeconds is null)
            {
                // A new run: its first beat has no RR; windows start at the beat after it.
                runStart = i + 1;
                nextStart = runStart;
                continue;
            }

            if (nextStart < 0)
            {
                nextStart = runStart;
            }

            // Window [nextStart, i] complete?
            if (i - nextStart + 1 == intervals)
            {
                var from = nextStart > 0 ? beats[nextStart - 1].SampleIndex : beats[nextStart].SampleIndex;
                if (InNoise(unanalysable, from, beats[i].SampleIndex))
                {
                    nextStart += stride;
                    continue;
                }

                for (var k = 0; k < intervals; k++)
                {
                    rr[k] = beats[nextStart + k].RrSeconds!.Value;
                    indexes[k] = beats[nextStart + k].SampleIndex;
                }

                var p = PWaveEvidence.Compute(signal, indexes, sampleRateHz);
                windows.Add(new RhythmWindow(beats[nextStart].Seconds, beats[i].Seconds, RrWindowFeatures.Compute(rr), p));
                nextStart += stride;
            }
        }

        return windows;
    }

    private static bool InNoise(IReadOnlyList<UnanalysableSegment> unanalysable, long from, long to)
    {
        foreach (var segment in unanalysable)
        {
            if (segment.Reason == UnanalysableReason.Noise && segment.StartSample <= to && segment.EndSample > from)
            {
                return true;
            }
        }

        return false;
    }
}
