using System.Globalization;
using TeleSante.Analysis.Measurements;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>
/// <c>telesante-ecg intervals</c>: PR, QRS and QT errors against the synthetic generator's truth (IEC 60601-2-25
/// figures), then the resting measurements of PTB s0010_re (no truth there: printed as measured).
/// </summary>
internal static class IntervalsCommand
{
    // IEC 60601-2-25 acceptance: |mean| and SD of the error, ms.
    private static readonly (string Name, double Mean, double Sd)[] Targets = [("PR", 10, 10), ("QRS", 10, 10), ("QT", 25, 30)];

    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("count", "seed", "rate", "data", "list");
        var count = args.Integer("count", 200);
        var seed = args.Integer("seed", 1);
        var rate = args.Number("rate", 500);
        var list = args.Integer("list", 0);
        if (count is < 1 or > 10000)
        {
            throw new UsageException("--count must be within 1..10000");
        }

        if (rate is < 250 or > 1000)
        {
            throw new UsageException("--rate must be within 250..1000");
        }

        var data = args.Text("data") ?? Path.Combine("data", "ecg");
        var cases = IntervalEvaluation.Run(count, seed, rate);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} synthetic 12-lead ECGs of {IntervalEvaluation.WindowSeconds:0} s at {rate:0} Hz, seed {seed}: error = measured − true"));
        output.WriteLine();
        output.WriteLine("| Interval | Mean error | SD | Max abs | Measured | Not measurable | Target mean, SD | Met |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        Func<IntervalCase, double?>[] errors = [c => c.PrErrorMs, c => c.QrsErrorMs, c => c.QtErrorMs];
        for (var i = 0; i < Targets.Length; i++)
        {
            var (name, mean, sd) = Targets[i];
            var e = IntervalErrors.Of(cases.Select(errors[i]).ToList());
            var met = Math.Abs(e.MeanMs) <= mean && e.SdMs <= sd ? "yes" : "**no**";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {e.MeanMs:+0.0;-0.0} ms | {e.SdMs:0.0} ms | {e.MaxAbsMs:0} ms | {e.Measured} | {e.NotMeasured} | ±{mean:0}, {sd:0} ms | {met} |"));
        }

        output.WriteLine();
        output.WriteLine("Statistics over the measured cases; a case reported not measurable carries its reason (a P wave hidden in the previous T is NoPWave).");
        output.WriteLine();
        if (list > 0)
        {
            var worst = cases.OrderByDescending(c => Math.Max(Math.Abs(c.PrErrorMs ?? 999), Math.Max(Math.Abs(c.QrsErrorMs ?? 999), Math.Abs((c.QtErrorMs ?? 999) / 2.5)))).Take(list);
            foreach (var c in worst)
            {
                var w = c.Options.Waves!;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"HR {c.Options.HeartRateBpm:0} PR {c.TruePrMs:0}/{c.Measured.PrMs} QRS {c.TrueQrsMs:0}/{c.Measured.QrsMs} QT {c.TrueQtMs:0}/{c.Measured.QtMs} axis {w.QrsAxisDegrees:0} emg {c.Options.MuscleNoiseMv * 1000:0} µV bw {c.Options.BaselineWanderMv:0.00} ect {c.Options.EctopicProbability} beats {c.Measured.BeatsUsed}/{c.Measured.BeatsExcluded}"));
            }

            output.WriteLine();
        }

        Ptb(Path.Combine(data, "s0010_re"), output);
        return 0;
    }

    private static void Ptb(string path, TextWriter output)
    {
        var input = RecordInput.Load(path, null);
        var length = (int)Math.Min(input.Record.SampleCount, IntervalEvaluation.WindowSeconds * input.Rate);
        var leads = Enumerable.Range(0, 12).Select(l => input.Lead(l)[..length]).ToList();
        var frames = RecordInput.Interleave(leads);
        var beats = Detection.Run(frames, new QrsDetectorOptions { SampleRateHz = input.Rate }, 12).Beats.Select(b => b.SampleIndex).ToArray();
        var m = new RestingEcgMeasurer(new RestingEcgOptions { SampleRateHz = input.Rate }).Measure(frames, 12, beats);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PTB s0010_re, first {length / input.Rate:0} s at {input.Rate:0} Hz ({beats.Length} beats, {m.BeatsUsed} in the median beat), no reference measurements:"));
        output.WriteLine();
        output.WriteLine("| HR | PR | QRS | QT | QTc Bazett | QTc Fridericia | P axis | QRS axis | T axis |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        output.WriteLine($"| {m.HeartRateBpm} bpm | {m.PrMs} ms | {m.QrsMs} ms | {m.QtMs} ms | {m.QtcBazettMs} ms | {m.QtcFridericiaMs} ms | {m.PAxisDegrees}° | {m.QrsAxisDegrees}° | {m.TAxisDegrees}° |");
        output.WriteLine();
        output.WriteLine("Lead quality: " + string.Join(", ", m.Leads.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{input.Record.Signals[l.Lead].Description} {l.Quality} ({l.NoiseMv * 1000:0} µV)"))));
    }
}
