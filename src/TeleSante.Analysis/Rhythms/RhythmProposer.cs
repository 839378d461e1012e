using TeleSante.Analysis.Internal;
using E = TeleSante.Analysis.Rhythms.RhythmStatementEvidence;

namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// Proposes rhythm statements (issue 12) from a sequence of classified beats, the atrial-fibrillation classifier's
/// answers per window and the unanalysable segments, each with its span and the numbers it rests on:
/// <list type="bullet">
/// <item>atrial fibrillation suspected: merged AF-suspected windows (the classifier reads RR irregularity and P-wave
/// evidence); the episode carries the ventricular rate, RR variability and the windows' P-wave correlation;</item>
/// <item>sinus rhythm / bradycardia / tachycardia on the stretches outside AF episodes, by the sinus rate (normal-to-normal
/// cycles; an interval across ventricular beats counts as the cycles it spans, so bigeminy with compensatory pauses keeps
/// its sinus rate), each beat categorised by a trailing median and episodes shorter than
/// <see cref="RhythmProposerOptions.MinimumEpisodeSeconds"/> merged into a neighbour; the episode's category is then that
/// of its own median cycle. A stretch beside an AF episode and shorter than that minimum gets no statement (the AF
/// windows' stride should be shorter than the minimum, so that the edge they leave is);</item>
/// <item>ventricular ectopy: one summary (count, per minute, isolated, couplets, runs, bigeminy episodes), plus one
/// statement per couplet, run and bigeminy episode with its time;</item>
/// <item>each pause longer than <see cref="RhythmProposerOptions.PauseSeconds"/>, with its time and length;</item>
/// <item>wide-QRS tachycardia: consecutive beats with a measured QRS of at least <see cref="RhythmProposerOptions.WideQrsMs"/>
/// at a mean rate above <see cref="RhythmProposerOptions.TachycardiaAboveBpm"/>; no sinus statement is proposed over
/// most of its span (its origin is not decided from the beats).</item>
/// </list>
/// A run of beats ends at an unanalysable segment and at any beat without an RR: no interval, episode or pattern spans
/// one, and beats inside a segment are ignored. One exception, on purpose: wide-QRS tachycardia is judged on every beat
/// whose QRS was measured, inside a segment too (only a beat without RR breaks a sequence), because fast wide complexes
/// fill most of the signal and read as noise to a noise marker that takes them for the background; a ventricular
/// tachycardia hidden as "noise" is the worse error. Its evidence says how many of its beats lie in such segments
/// (<see cref="RhythmStatementEvidence.BeatsInUnanalysable"/>), and a beat whose QRS could not be bounded (real noise) has
/// no QRS and breaks the sequence. Beats of class <see cref="BeatClass.Unknown"/> count as conducted
/// (supraventricular), so without a beat classifier no ectopy is reported rather than guessed.
/// </summary>
public sealed class RhythmProposer
{
    private readonly RhythmProposerOptions _options;

    public RhythmProposer(RhythmProposerOptions? options = null)
    {
        _options = options ?? new RhythmProposerOptions();
        _options.Validate();
    }

    /// <summary>Statements for a detector's output: <paramref name="qrsMs"/> gives a beat's QRS duration when known.</summary>
    public IReadOnlyList<RhythmStatement> Propose(
        IReadOnlyList<DetectedBeat> beats,
        IReadOnlyList<UnanalysableSegment> unanalysable,
        double sampleRateHz,
        IReadOnlyList<RhythmProposerAfWindow>? afWindows = null,
        Func<DetectedBeat, double?>? qrsMs = null) =>
        Propose(RhythmProposerBeat.From(beats, qrsMs), afWindows ?? [], RhythmProposerGap.From(unanalysable, sampleRateHz));

    /// <summary>Statements ordered by start time. Beats must be in time order; windows and gaps in any order.</summary>
    public IReadOnlyList<RhythmStatement> Propose(
        IReadOnlyList<RhythmProposerBeat> beats,
        IReadOnlyList<RhythmProposerAfWindow> afWindows,
        IReadOnlyList<RhythmProposerGap> unanalysable)
    {
        CheckInput(beats, afWindows, unanalysable);
        var statements = new List<RhythmStatement>();
        var runs = Runs(beats, unanalysable);
        var analysed = runs.Sum(r => r[^1].Seconds - r[0].Seconds);
        var ectopy = new EctopyTally();
        foreach (var run in runs)
        {
            var afEpisodes = AfEpisodes(run, afWindows, statements);
            SinusStatements(run, afEpisodes, afWindows, statements);
            Pauses(run, statements);
            VentricularPatterns(run, ectopy, statements);
        }

        WideQrsTachycardia(beats, unanalysable, statements);
        // A wide-QRS tachycardia's origin (ventricular, or supraventricular with aberrant conduction) is not decided from
        // the beats: a sinus statement over the same beats would guess it (the P template then matches the previous T
        // wave). The sinus statement is dropped where a wide-QRS tachycardia covers most of it; the wide one stands.
        statements.RemoveAll(s => IsSinus(s.Code) && statements.Where(w => w.Code == RhythmStatementCode.WideQrsTachycardia)
            .Sum(w => Math.Max(0, Math.Min(w.EndSeconds, s.EndSeconds) - Math.Max(w.StartSeconds, s.StartSeconds))) > 0.5 * (s.EndSeconds - s.StartSeconds));

        if (ectopy.Count > 0)
        {
            statements.Add(new RhythmStatement(RhythmStatementCode.VentricularPrematureBeats, ectopy.First, ectopy.Last,
            [
                new(E.VentricularBeats, ectopy.Count, "{beats}"),
                new(E.VentricularBeatsPerMinute, analysed > 0 ? ectopy.Count * 60 / analysed : 0, "/min"),
                new(E.IsolatedVentricularBeats, ectopy.Isolated, "{beats}"),
                new(E.Couplets, ectopy.Couplets, "{couplets}"),
                new(E.Runs, ectopy.Runs, "{runs}"),
                new(E.LongestRunBeats, ectopy.Longest, "{beats}"),
                new(E.BigeminyEpisodes, ectopy.BigeminyEpisodes, "{episodes}"),
                new(E.AnalysedSeconds, analysed, "s"),
            ]));
        }

        return [.. statements.OrderBy(s => s.StartSeconds).ThenBy(s => s.Code.Code, StringComparer.Ordinal)];
    }

    private static void CheckInput(IReadOnlyList<RhythmProposerBeat> beats, IReadOnlyList<RhythmProposerAfWindow> afWindows, IReadOnlyList<RhythmProposerGap> gaps)
    {
        for (var i = 0; i < beats.Count; i++)
        {
            var beat = beats[i];
            if (!double.IsFinite(beat.Seconds) || (i > 0 && beat.Seconds <= beats[i - 1].Seconds))
            {
                throw new ArgumentException($"beat {i} at {beat.Seconds} s: beats must have finite, strictly increasing times", nameof(beats));
            }

            if (beat.RrSeconds is { } rr && !(rr > 0 && double.IsFinite(rr)))
            {
                throw new ArgumentException($"beat {i} at {beat.Seconds} s: RR {rr} s is not a positive interval", nameof(beats));
            }

            if (beat.QrsMs is { } qrs && !(qrs > 0 && double.IsFinite(qrs)))
            {
                throw new ArgumentException($"beat {i} at {beat.Seconds} s: QRS {qrs} ms is not a positive duration", nameof(beats));
            }
        }

        foreach (var window in afWindows)
        {
            if (!double.IsFinite(window.StartSeconds) || !(window.EndSeconds >= window.StartSeconds))
            {
                throw new ArgumentException($"AF window {window.StartSeconds}..{window.EndSeconds} s is not a time span", nameof(afWindows));
            }
        }

        foreach (var gap in gaps)
        {
            if (!double.IsFinite(gap.StartSeconds) || !(gap.EndSeconds >= gap.StartSeconds))
            {
                throw new ArgumentException($"unanalysable segment {gap.StartSeconds}..{gap.EndSeconds} s is not a time span", nameof(gaps));
            }
        }
    }

    // Maximal sequences of beats with an interval between each two: split at a beat without RR, at a segment lying
    // between two beats, and around beats inside a segment (dropped). Runs of a single beat carry no rhythm.
    private static List<RhythmProposerBeat[]> Runs(IReadOnlyList<RhythmProposerBeat> beats, IReadOnlyList<RhythmProposerGap> gaps)
    {
        var runs = new List<RhythmProposerBeat[]>();
        var current = new List<RhythmProposerBeat>();
        foreach (var beat in beats)
        {
            var inside = gaps.Any(g => beat.Seconds >= g.StartSeconds && beat.Seconds < g.EndSeconds);
            var split = inside || beat.RrSeconds is null ||
                (current.Count > 0 && gaps.Any(g => g.EndSeconds > current[^1].Seconds && g.StartSeconds < beat.Seconds));
            if (split)
            {
                Close();
            }

            if (!inside)
            {
                current.Add(beat);
            }
        }

        Close();
        return runs;

        void Close()
        {
            if (current.Count >= 2)
            {
                runs.Add([.. current]);
            }

            current.Clear();
        }
    }

    // AF episodes of one run as beat index ranges [First, Last]; adds their statements.
    private List<(int First, int Last)> AfEpisodes(RhythmProposerBeat[] run, IReadOnlyList<RhythmProposerAfWindow> windows, List<RhythmStatement> statements)
    {
        var start = run[0].Seconds;
        var end = run[^1].Seconds;
        var suspected = windows
            .Where(w => w.AfSuspected && w.EndSeconds >= start && w.StartSeconds <= end)
            .OrderBy(w => w.StartSeconds)
            .ToList();
        var episodes = new List<(int First, int Last)>();
        var i = 0;
        while (i < suspected.Count)
        {
            var from = Math.Max(start, suspected[i].StartSeconds);
            var to = Math.Min(end, suspected[i].EndSeconds);
            var count = 1;
            while (i + count < suspected.Count && suspected[i + count].StartSeconds - to <= _options.AfMergeSeconds)
            {
                to = Math.Max(to, Math.Min(end, suspected[i + count].EndSeconds));
                count++;
            }

            i += count;
            var first = Array.FindIndex(run, b => b.Seconds >= from);
            var last = Array.FindLastIndex(run, b => b.Seconds <= to);
            if (count < _options.AfMinimumWindows || first < 0 || last - first < 1)
            {
                continue;
            }

            episodes.Add((first, last));
            var evidence = RateEvidence(run, first, last);
            evidence.AddRange(WindowEvidence(windows, run[first].Seconds, run[last].Seconds));
            statements.Add(new RhythmStatement(RhythmStatementCode.AtrialFibrillationSuspected, run[first].Seconds, run[last].Seconds, evidence));
        }

        return episodes;
    }

    private void SinusStatements(RhythmProposerBeat[] run, List<(int First, int Last)> afEpisodes, IReadOnlyList<RhythmProposerAfWindow> windows, List<RhythmStatement> statements)
    {
        // The stretches between AF episodes.
        var from = 0;
        foreach (var (first, last) in afEpisodes.Append((run.Length, run.Length)))
        {
            // A stretch beside an AF episode shorter than an episode is not named: it is the edge of the AF the
            // windows did not reach (a window needs 30 intervals), not evidence of sinus rhythm.
            var to = first - 1;
            var named = afEpisodes.Count == 0 || (to > from && run[to].Seconds - run[from].Seconds >= _options.MinimumEpisodeSeconds);
            if (to - from >= 1 && named)
            {
                SinusStretch(run, from, to, windows, statements);
            }

            from = last + 1;
        }
    }

    private void SinusStretch(RhythmProposerBeat[] run, int from, int to, IReadOnlyList<RhythmProposerAfWindow> windows, List<RhythmStatement> statements)
    {
        // Sinus cycles: from a conducted beat back to the previous conducted one across ventricular beats only.
        var cycles = new List<(int Beat, double Seconds)>();
        for (var i = from + 1; i <= to; i++)
        {
            if (!IsConducted(run[i].Class))
            {
                continue;
            }

            var spanned = 1;
            var j = i - 1;
            while (j >= from && IsVentricular(run[j].Class))
            {
                spanned++;
                j--;
            }

            if (j >= from && IsConducted(run[j].Class))
            {
                cycles.Add((i, (run[i].Seconds - run[j].Seconds) / spanned));
            }
        }

        if (cycles.Count < _options.MinimumSinusCycles)
        {
            return;
        }

        // Category of each cycle from the trailing median, then episodes of one category.
        var segments = new List<Segment>();
        var window = new double[_options.RateMedianBeats];
        for (var c = 0; c < cycles.Count; c++)
        {
            var n = Math.Min(c + 1, window.Length);
            for (var k = 0; k < n; k++)
            {
                window[k] = cycles[c - k].Seconds;
            }

            var category = Category(SampleStatistics.MedianInPlace(window.AsSpan(0, n)));
            if (segments.Count > 0 && segments[^1].Category == category)
            {
                segments[^1].LastCycle = c;
            }
            else
            {
                segments.Add(new Segment { Category = category, FirstCycle = c, LastCycle = c });
            }
        }

        // Segments tile the stretch: each starts where the previous ends.
        double Start(int s) => s == 0 ? run[from].Seconds : run[cycles[segments[s - 1].LastCycle].Beat].Seconds;
        double End(int s) => s == segments.Count - 1 ? run[to].Seconds : run[cycles[segments[s].LastCycle].Beat].Seconds;

        while (segments.Count > 1)
        {
            var shortest = Enumerable.Range(0, segments.Count).MinBy(s => End(s) - Start(s));
            if (End(shortest) - Start(shortest) >= _options.MinimumEpisodeSeconds)
            {
                break;
            }

            var into = shortest == 0 ? 1
                : shortest == segments.Count - 1 ? shortest - 1
                : End(shortest - 1) - Start(shortest - 1) >= End(shortest + 1) - Start(shortest + 1) ? shortest - 1 : shortest + 1;
            var (a, b) = (Math.Min(into, shortest), Math.Max(into, shortest));
            segments[a].LastCycle = segments[b].LastCycle;
            segments.RemoveAt(b);
        }

        // Each episode is named by its own median cycle, and neighbours of one name joined.
        foreach (var segment in segments)
        {
            segment.Category = Category(MedianCycle(cycles, segment));
        }

        for (var s = segments.Count - 1; s > 0; s--)
        {
            if (segments[s].Category == segments[s - 1].Category)
            {
                segments[s - 1].LastCycle = segments[s].LastCycle;
                segments.RemoveAt(s);
            }
        }

        for (var s = 0; s < segments.Count; s++)
        {
            var (start, end) = (Start(s), End(s));
            var first = Array.FindIndex(run, from, b => b.Seconds >= start);
            var last = Array.FindLastIndex(run, to, b => b.Seconds <= end);
            var evidence = RateEvidence(run, first, last);
            evidence.Insert(2, new(E.SinusRateBpm, 60 / MedianCycle(cycles, segments[s]), "/min"));
            evidence.AddRange(WindowEvidence(windows, start, end));
            var code = segments[s].Category switch
            {
                < 0 => RhythmStatementCode.SinusBradycardia,
                > 0 => RhythmStatementCode.SinusTachycardia,
                _ => RhythmStatementCode.SinusRhythm,
            };
            statements.Add(new RhythmStatement(code, start, end, evidence));
        }
    }

    private static double MedianCycle(List<(int Beat, double Seconds)> cycles, Segment segment)
    {
        var values = new double[segment.LastCycle - segment.FirstCycle + 1];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = cycles[segment.FirstCycle + c].Seconds;
        }

        return SampleStatistics.MedianInPlace(values);
    }

    // -1 bradycardia, 0 normal rate, +1 tachycardia.
    private int Category(double cycleSeconds)
    {
        // Rounded to 1e-6 bpm so that a rate exactly at a limit is not flipped by the rounding of sums of seconds.
        var bpm = Math.Round(60 / cycleSeconds, 6);
        return bpm < _options.BradycardiaBelowBpm ? -1 : bpm > _options.TachycardiaAboveBpm ? 1 : 0;
    }

    private void Pauses(RhythmProposerBeat[] run, List<RhythmStatement> statements)
    {
        for (var i = 1; i < run.Length; i++)
        {
            var rr = run[i].Seconds - run[i - 1].Seconds;
            if (rr > _options.PauseSeconds)
            {
                statements.Add(new RhythmStatement(RhythmStatementCode.Pause, run[i - 1].Seconds, run[i].Seconds, [new(E.PauseSeconds, rr, "s")]));
            }
        }
    }

    private void VentricularPatterns(RhythmProposerBeat[] run, EctopyTally tally, List<RhythmStatement> statements)
    {
        // Sequences of consecutive ventricular beats.
        var singles = new List<int>();
        for (var i = 0; i < run.Length;)
        {
            if (run[i].Class != BeatClass.V)
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < run.Length && run[end + 1].Class == BeatClass.V)
            {
                end++;
            }

            var length = end - i + 1;
            tally.Add(run[i].Seconds, run[end].Seconds, length);
            if (length == 1)
            {
                singles.Add(i);
            }
            else
            {
                var code = length >= _options.RunMinimumBeats ? RhythmStatementCode.VentricularRun : RhythmStatementCode.VentricularCouplet;
                if (length >= _options.RunMinimumBeats)
                {
                    tally.Runs++;
                }
                else if (length == 2)
                {
                    tally.Couplets++;
                }

                statements.Add(new RhythmStatement(code, run[i].Seconds, run[end].Seconds, RateEvidence(run, i, end)));
            }

            i = end + 1;
        }

        // Bigeminy: single ventricular beats two beats apart, the beat between them conducted.
        for (var s = 0; s < singles.Count;)
        {
            var e = s;
            while (e + 1 < singles.Count && singles[e + 1] - singles[e] == 2 && IsConducted(run[singles[e] + 1].Class))
            {
                e++;
            }

            var cycles = e - s + 1;
            if (cycles >= _options.BigeminyMinimumCycles)
            {
                // From the conducted beat before the first ventricular beat to the one after the last.
                var first = Math.Max(0, singles[s] - 1);
                var last = Math.Min(run.Length - 1, singles[e] + 1);
                var evidence = RateEvidence(run, first, last);
                evidence.Add(new(E.BigeminyCycles, cycles, "{cycles}"));
                statements.Add(new RhythmStatement(RhythmStatementCode.VentricularBigeminy, run[first].Seconds, run[last].Seconds, evidence));
                tally.BigeminyEpisodes++;
            }

            s = e + 1;
        }
    }

    private void WideQrsTachycardia(IReadOnlyList<RhythmProposerBeat> beats, IReadOnlyList<RhythmProposerGap> gaps, List<RhythmStatement> statements)
    {
        for (var i = 0; i < beats.Count;)
        {
            if (!(beats[i].QrsMs >= _options.WideQrsMs))
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < beats.Count && beats[end + 1].RrSeconds is not null && beats[end + 1].QrsMs >= _options.WideQrsMs)
            {
                end++;
            }

            var count = end - i + 1;
            if (count >= _options.WideQrsMinimumBeats)
            {
                var bpm = 60 * (count - 1) / (beats[end].Seconds - beats[i].Seconds);
                if (bpm > _options.TachycardiaAboveBpm)
                {
                    var span = new RhythmProposerBeat[count];
                    var inSegments = 0;
                    for (var k = 0; k < count; k++)
                    {
                        span[k] = beats[i + k];
                        inSegments += gaps.Any(g => span[k].Seconds >= g.StartSeconds && span[k].Seconds < g.EndSeconds) ? 1 : 0;
                    }

                    var evidence = RateEvidence(span, 0, count - 1);
                    evidence.Add(new(E.BeatsInUnanalysable, inSegments, "{beats}"));
                    statements.Add(new RhythmStatement(RhythmStatementCode.WideQrsTachycardia, beats[i].Seconds, beats[end].Seconds, evidence));
                }
            }

            i = end + 1;
        }
    }

    // Beats, ventricular rate, RR variability and mean QRS (when every beat has one) of run[first..last].
    private static List<RhythmStatementEvidence> RateEvidence(RhythmProposerBeat[] run, int first, int last)
    {
        var beats = last - first + 1;
        var evidence = new List<RhythmStatementEvidence>
        {
            new(E.Beats, beats, "{beats}"),
            new(E.VentricularRateBpm, 60 * (beats - 1) / (run[last].Seconds - run[first].Seconds), "/min"),
        };
        if (beats >= 3)
        {
            var rr = new double[beats - 1];
            for (var i = 0; i < rr.Length; i++)
            {
                rr[i] = run[first + i + 1].Seconds - run[first + i].Seconds;
            }

            var mean = rr.Average();
            var squares = 0.0;
            for (var i = 1; i < rr.Length; i++)
            {
                squares += (rr[i] - rr[i - 1]) * (rr[i] - rr[i - 1]);
            }

            evidence.Add(new(E.RrCoefficientOfVariation, SampleStatistics.StandardDeviation(rr) / mean, "1"));
            evidence.Add(new(E.NormalizedRmssd, Math.Sqrt(squares / (rr.Length - 1)) / mean, "1"));
        }

        var qrs = 0.0;
        var measured = 0;
        for (var i = first; i <= last; i++)
        {
            if (run[i].QrsMs is { } ms)
            {
                qrs += ms;
                measured++;
            }
        }

        if (measured == beats)
        {
            evidence.Add(new(E.MeanQrsMs, qrs / measured, "ms"));
        }

        return evidence;
    }

    private static List<RhythmStatementEvidence> WindowEvidence(IReadOnlyList<RhythmProposerAfWindow> windows, double start, double end)
    {
        var assessed = 0;
        var suspected = 0;
        var pSum = 0.0;
        var pCount = 0;
        foreach (var window in windows)
        {
            if (window.EndSeconds > start && window.StartSeconds < end)
            {
                assessed++;
                suspected += window.AfSuspected ? 1 : 0;
                if (window.PWaveCorrelation is { } p)
                {
                    pSum += p;
                    pCount++;
                }
            }
        }

        var evidence = new List<RhythmStatementEvidence>
        {
            new(E.AfWindowsAssessed, assessed, "{windows}"),
            new(E.AfWindowsSuspected, suspected, "{windows}"),
        };
        if (pCount > 0)
        {
            evidence.Add(new(E.PWaveCorrelation, pSum / pCount, "1"));
        }

        return evidence;
    }

    private static bool IsSinus(RhythmStatementCode code) =>
        code == RhythmStatementCode.SinusRhythm || code == RhythmStatementCode.SinusTachycardia || code == RhythmStatementCode.SinusBradycardia;

    private static bool IsConducted(BeatClass c) => c is BeatClass.N or BeatClass.Unknown;

    private static bool IsVentricular(BeatClass c) => c is BeatClass.V or BeatClass.F;

    private sealed class Segment
    {
        public int Category { get; set; }

        public int FirstCycle { get; set; }

        public int LastCycle { get; set; }
    }

    private sealed class EctopyTally
    {
        public int Count { get; private set; }

        public double First { get; private set; } = double.NaN;

        public double Last { get; private set; }

        public int Isolated { get; private set; }

        public int Longest { get; private set; }

        public int Couplets { get; set; }

        public int Runs { get; set; }

        public int BigeminyEpisodes { get; set; }

        public void Add(double start, double end, int length)
        {
            First = double.IsNaN(First) ? start : First;
            Last = end;
            Count += length;
            Isolated += length == 1 ? 1 : 0;
            Longest = Math.Max(Longest, length);
        }
    }
}
