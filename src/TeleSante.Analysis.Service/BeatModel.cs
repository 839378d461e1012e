using Microsoft.Extensions.Options;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Service;

/// <summary>The beat classifier the analysis uses (N / S / V, Q in noise), loaded once when the host builds it
/// (<see cref="ModelFile"/>).</summary>
public sealed class BeatModel(IOptions<AnalysisServiceOptions> options)
{
    /// <summary>Full path of the loaded model; null when none is configured.</summary>
    public string? Path { get; } = options.Value.Enabled ? options.Value.BeatModelFullPath(AppContext.BaseDirectory) : null;

    /// <summary>The model; null when none is configured (beats stay <see cref="TeleSante.Analysis.BeatClass.Unknown"/>).</summary>
    public BeatClassifier? Classifier { get; } = ModelFile.Load(
        options.Value.Enabled ? options.Value.BeatModelFullPath(AppContext.BaseDirectory) : null, nameof(AnalysisServiceOptions.BeatModelPath), "beat model", BeatClassifier.Load);
}
