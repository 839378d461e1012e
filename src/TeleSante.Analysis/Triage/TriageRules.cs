using System.Globalization;
using TeleSante.Analysis.Rhythms;
using E = TeleSante.Analysis.Rhythms.RhythmStatementEvidence;

namespace TeleSante.Analysis.Triage;

/// <summary>
/// The suggested-urgent rules of issue 12, applied to <see cref="RhythmProposer"/>'s statements:
/// <list type="bullet">
/// <item>AF suspected with a mean ventricular rate above <see cref="TriageOptions.AfFastVentricularResponseAboveBpm"/>;</item>
/// <item>a pause longer than <see cref="TriageOptions.PauseLongerThanSeconds"/>;</item>
/// <item>a rhythm episode (sinus rhythm, sinus brady/tachycardia, AF) whose mean ventricular rate is below
/// <see cref="TriageOptions.BradycardiaBelowBpm"/> or above <see cref="TriageOptions.TachycardiaAboveBpm"/> (episode
/// means, not single intervals: one long RR is a pause, judged by its own rule);</item>
/// <item>any wide-QRS tachycardia statement.</item>
/// </list>
/// Ventricular runs and couplets are not rules of the issue and stay statements for the cardiologist.
/// </summary>
public sealed class TriageRules
{
    private readonly TriageOptions _options;

    public TriageRules(TriageOptions? options = null)
    {
        _options = options ?? new TriageOptions();
        _options.Validate();
    }

    public TriageAssessment Assess(IEnumerable<RhythmStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var findings = new List<TriageFinding>();
        foreach (var statement in statements)
        {
            var code = statement.Code;
            var rate = statement.Find(E.VentricularRateBpm);
            if (code == RhythmStatementCode.AtrialFibrillationSuspected && rate > _options.AfFastVentricularResponseAboveBpm)
            {
                Add(TriageRule.AfFastVentricularResponse, statement, $"AF suspected with mean ventricular rate {Bpm(rate.Value)} (limit {Bpm(_options.AfFastVentricularResponseAboveBpm)})");
            }

            if (code == RhythmStatementCode.Pause && statement.Find(E.PauseSeconds) is { } pause && pause > _options.PauseLongerThanSeconds)
            {
                Add(TriageRule.LongPause, statement, string.Create(CultureInfo.InvariantCulture, $"Pause of {pause:0.00} s (limit {_options.PauseLongerThanSeconds:0.##} s)"));
            }

            if (IsRhythmEpisode(code) && rate is { } episodeRate)
            {
                if (episodeRate < _options.BradycardiaBelowBpm)
                {
                    Add(TriageRule.Bradycardia, statement, $"{code.Display} at mean {Bpm(episodeRate)} (limit {Bpm(_options.BradycardiaBelowBpm)})");
                }
                else if (episodeRate > _options.TachycardiaAboveBpm)
                {
                    Add(TriageRule.Tachycardia, statement, $"{code.Display} at mean {Bpm(episodeRate)} (limit {Bpm(_options.TachycardiaAboveBpm)})");
                }
            }

            if (code == RhythmStatementCode.WideQrsTachycardia && _options.WideQrsTachycardiaIsUrgent)
            {
                var qrs = statement.Find(E.MeanQrsMs);
                Add(TriageRule.WideQrsTachycardia, statement, string.Create(CultureInfo.InvariantCulture,
                    $"Wide-QRS tachycardia at {(rate is { } r ? Bpm(r) : "unknown rate")}, QRS {(qrs is { } q ? $"{q:0} ms" : "not measured")}"));
            }
        }

        findings.Sort((a, b) => a.StartSeconds.CompareTo(b.StartSeconds));
        return new TriageAssessment(findings.Count > 0, findings);

        void Add(TriageRule rule, RhythmStatement statement, string description) =>
            findings.Add(new TriageFinding(rule, description, statement.StartSeconds, statement.EndSeconds, statement.Evidence, statement));
    }

    private static bool IsRhythmEpisode(RhythmStatementCode code) =>
        code == RhythmStatementCode.SinusRhythm || code == RhythmStatementCode.SinusBradycardia ||
        code == RhythmStatementCode.SinusTachycardia || code == RhythmStatementCode.AtrialFibrillationSuspected;

    private static string Bpm(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.#} bpm");
}
