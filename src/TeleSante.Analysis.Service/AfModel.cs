using Microsoft.Extensions.Options;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Service;

/// <summary>The atrial-fibrillation model the analysis uses, loaded once when the host builds it (so a model that is
/// configured but missing or invalid stops the start-up with its path and the reason).</summary>
public sealed class AfModel
{
    public AfModel(IOptions<AnalysisServiceOptions> options)
    {
        var o = options.Value;
        Path = o.Enabled ? o.AfModelFullPath(AppContext.BaseDirectory) : null;
        if (Path is null)
        {
            return;
        }

        try
        {
            Classifier = AfClassifier.Load(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidOperationException($"{AnalysisServiceOptions.Section}:AfModelPath: cannot load the AF model {Path}: {ex.Message}", ex);
        }
    }

    /// <summary>Full path of the loaded model; null when none is configured.</summary>
    public string? Path { get; }

    /// <summary>The model; null when none is configured (no AF windows are computed).</summary>
    public AfClassifier? Classifier { get; }
}
