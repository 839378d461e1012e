namespace TeleSante.Analysis.Scoring;

/// <summary>
/// EC57 beat-by-beat comparison (what PhysioNet's bxb does): each detected beat is paired with at most one reference
/// beat within the match window, closest pairs first; beats before the end of the learning period are not counted.
/// A pair counts when its reference beat is in the scored part; an unpaired beat counts where it lies. Beats inside the
/// detector's unanalysable segments are not excused: a missed beat is a false negative wherever it is.
/// </summary>
public static class BeatByBeat
{
    public static BeatByBeatResult Compare(IReadOnlyList<ScoredBeat> reference, IReadOnlyList<ScoredBeat> detected, double samplingFrequency, BeatByBeatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(detected);
        if (!(samplingFrequency > 0) || !double.IsFinite(samplingFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFrequency), samplingFrequency, "must be a positive number of samples per second");
        }

        options ??= new BeatByBeatOptions();
        options.Validate();
        var window = (long)Math.Round(options.MatchWindowSeconds * samplingFrequency);
        var scoredFrom = (long)Math.Round(options.LearningPeriodSeconds * samplingFrequency);

        var refs = reference.OrderBy(b => b.SampleIndex).ToArray();
        var tests = detected.OrderBy(b => b.SampleIndex).ToArray();

        // Every (reference, detected) pair within the window, found with two indexes moving forward together.
        var pairs = new List<(long Distance, int Ref, int Test)>();
        var first = 0;
        for (var r = 0; r < refs.Length; r++)
        {
            while (first < tests.Length && tests[first].SampleIndex < refs[r].SampleIndex - window)
            {
                first++;
            }

            for (var t = first; t < tests.Length && tests[t].SampleIndex <= refs[r].SampleIndex + window; t++)
            {
                pairs.Add((Math.Abs(tests[t].SampleIndex - refs[r].SampleIndex), r, t));
            }
        }

        // Closest first; ties to the earlier reference beat so that the result does not depend on list order.
        pairs.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Ref != b.Ref ? a.Ref.CompareTo(b.Ref) : a.Test.CompareTo(b.Test));
        var refMatch = new int[refs.Length];
        var testMatched = new bool[tests.Length];
        Array.Fill(refMatch, -1);
        foreach (var (_, r, t) in pairs)
        {
            if (refMatch[r] < 0 && !testMatched[t])
            {
                refMatch[r] = t;
                testMatched[t] = true;
            }
        }

        var matrix = new BeatConfusionMatrix();
        int tp = 0, fn = 0, fp = 0;
        var missed = new List<long>();
        var extra = new List<long>();
        for (var r = 0; r < refs.Length; r++)
        {
            if (refs[r].SampleIndex < scoredFrom)
            {
                continue;
            }

            if (refMatch[r] >= 0)
            {
                tp++;
                matrix.Add(refs[r].Class, tests[refMatch[r]].Class);
            }
            else
            {
                fn++;
                missed.Add(refs[r].SampleIndex);
                matrix.Add(refs[r].Class, null);
            }
        }

        for (var t = 0; t < tests.Length; t++)
        {
            if (!testMatched[t] && tests[t].SampleIndex >= scoredFrom)
            {
                fp++;
                extra.Add(tests[t].SampleIndex);
                matrix.Add(null, tests[t].Class);
            }
        }

        return new BeatByBeatResult(matrix, tp, fn, fp, scoredFrom, missed, extra);
    }
}
