using Microsoft.Extensions.Options;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Service;

/// <summary>The atrial-fibrillation model the analysis uses, loaded once when the host builds it (<see cref="ModelFile"/>).</summary>
public sealed class AfModel(IOptions<AnalysisServiceOptions> options)
{
    /// <summary>Full path of the loaded model; null when none is configured.</summary>
    public string? Path { get; } = options.Value.Enabled ? options.Value.AfModelFullPath(AppContext.BaseDirectory) : null;

    /// <summary>The model; null when none is configured (no AF windows are computed).</summary>
    public AfClassifier? Classifier { get; } = ModelFile.Load(
        options.Value.Enabled ? options.Value.AfModelFullPath(AppContext.BaseDirectory) : null, nameof(AnalysisServiceOptions.AfModelPath), "AF model", AfClassifier.Load);
}
