namespace TeleSante.Analysis.Rhythms;

/// <summary>An atrial-fibrillation classifier's answer for one window of beats (plain values, so that this library
/// stays free of ML.NET: the caller runs the model on <see cref="RhythmWindow"/>s and passes the answers).</summary>
/// <param name="StartSeconds">The window's first beat (<see cref="RhythmWindow.FirstBeatSeconds"/>).</param>
/// <param name="EndSeconds">The window's last beat (<see cref="RhythmWindow.LastBeatSeconds"/>).</param>
/// <param name="AfSuspected">The classifier's call.</param>
/// <param name="PWaveCorrelation">The window's P-wave evidence when computed, else null.</param>
public readonly record struct RhythmProposerAfWindow(double StartSeconds, double EndSeconds, bool AfSuspected, double? PWaveCorrelation = null)
{
    /// <summary>A window and the classifier's call on it.</summary>
    public static RhythmProposerAfWindow From(RhythmWindow window, bool afSuspected) =>
        new(window.FirstBeatSeconds, window.LastBeatSeconds, afSuspected, double.IsNaN(window.PWaveCorrelation) ? null : window.PWaveCorrelation);
}
