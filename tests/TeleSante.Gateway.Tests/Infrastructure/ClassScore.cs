using System.Globalization;
using System.Text;
using TeleSante.Analysis;
using TeleSante.Analysis.Service;

namespace TeleSante.Gateway.Tests.Infrastructure;

/// <summary>Beat-by-beat comparison of reported beats with the generator's truth (EC57 style: each true beat matched to
/// the nearest reported beat within the tolerance, once): per class, Se = matched with that class / true of that class,
/// +P = matched with that class / reported of that class (among matched beats).</summary>
internal sealed class ClassScore
{
    private readonly Dictionary<(BeatClass Truth, BeatClass Reported), int> _matrix = [];

    public int Missed { get; private set; }

    public int Extra { get; private set; }

    public static ClassScore Of(IReadOnlyList<(long TimeNs, BeatClass Class)> truth, IReadOnlyList<AnalysedBeat> reported, long toleranceNs, long fromNs = 0, long toNs = long.MaxValue / 2)
    {
        var score = new ClassScore();
        var sorted = reported.Where(b => b.TimeNs >= fromNs - toleranceNs && b.TimeNs < toNs + toleranceNs).OrderBy(b => b.TimeNs).ToList();
        var used = new bool[sorted.Count];
        foreach (var (time, cls) in truth.Where(t => t.TimeNs >= fromNs && t.TimeNs < toNs))
        {
            var best = -1;
            for (var i = 0; i < sorted.Count; i++)
            {
                if (!used[i] && Math.Abs(sorted[i].TimeNs - time) <= toleranceNs && (best < 0 || Math.Abs(sorted[i].TimeNs - time) < Math.Abs(sorted[best].TimeNs - time)))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                score.Missed++;
                continue;
            }

            used[best] = true;
            var key = (cls, sorted[best].Class);
            score._matrix[key] = score._matrix.GetValueOrDefault(key) + 1;
        }

        score.Extra = used.Count(u => !u);
        return score;
    }

    public int Count(BeatClass truth, BeatClass reported) => _matrix.GetValueOrDefault((truth, reported));

    public double Sensitivity(BeatClass c)
    {
        var total = _matrix.Where(kv => kv.Key.Truth == c).Sum(kv => kv.Value);
        return total == 0 ? double.NaN : (double)Count(c, c) / total;
    }

    public double PositivePredictivity(BeatClass c)
    {
        var total = _matrix.Where(kv => kv.Key.Reported == c).Sum(kv => kv.Value);
        return total == 0 ? double.NaN : (double)Count(c, c) / total;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var ((t, r), n) in _matrix.OrderBy(kv => kv.Key.Truth).ThenBy(kv => kv.Key.Reported))
        {
            text.Append(CultureInfo.InvariantCulture, $"{t}->{r} {n}; ");
        }

        return text.Append(CultureInfo.InvariantCulture, $"missed {Missed}, extra {Extra}").ToString();
    }
}
