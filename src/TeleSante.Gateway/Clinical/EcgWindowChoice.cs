using TeleSante.Analysis;
using TeleSante.Analysis.Measurements;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// The best-quality window of a span (issue 12): candidate windows of <see cref="EcgProposalsOptions.WindowSeconds"/> start
/// every <see cref="EcgProposalsOptions.WindowStepSeconds"/> after the detector's learning period; each is measured, and the
/// one with the most leads the measurer judges good wins, ties going to the lowest mean beat-to-beat noise of those leads,
/// then to the earliest. The measurer's own lead quality is the criterion, so the window chosen is the one whose
/// measurements rest on the most and cleanest leads.
/// </summary>
internal static class EcgWindowChoice
{
    public const string Rule = "the best-quality {0:0} s of the {1:0} s analysed: windows every {2:0.#} s after the detector's {3:0.#} s learning period, "
        + "the one with the most leads of good quality (flat, saturated and noisy leads counted out), then the lowest mean beat-to-beat noise";

    public sealed record Chosen(long StartFrame, int Frames, RestingEcgMeasurements Measurements, int GoodLeads, double NoiseMv);

    public static Chosen? Best(EcgLeadSpan span, IReadOnlyList<DetectedBeat> beats, EcgProposalsOptions options, double learningSeconds)
    {
        var rate = span.SampleRateHz;
        var window = (int)Math.Round(options.WindowSeconds * rate);
        var step = Math.Max(1, (int)Math.Round(options.WindowStepSeconds * rate));
        var first = (int)Math.Ceiling(learningSeconds * rate);
        var measurer = new RestingEcgMeasurer(new RestingEcgOptions { SampleRateHz = rate });
        Chosen? best = null;
        for (long start = first; start + window <= span.FrameCount; start += step)
        {
            var inside = beats.Where(b => b.SampleIndex >= start && b.SampleIndex < start + window).Select(b => b.SampleIndex - start).ToArray();
            var measured = measurer.Measure(span.Frames.AsSpan((int)(start * span.Leads), window * span.Leads), span.Leads, inside);
            var good = measured.Leads.Where(l => l.Quality == LeadQuality.Good).ToList();
            var noise = good.Count > 0 ? good.Average(l => l.NoiseMv) : double.MaxValue;
            if (best is null || good.Count > best.GoodLeads || (good.Count == best.GoodLeads && noise < best.NoiseMv))
            {
                best = new Chosen(start, window, measured, good.Count, noise);
            }
        }

        return best;
    }
}
