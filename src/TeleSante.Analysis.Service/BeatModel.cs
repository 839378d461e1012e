using Microsoft.Extensions.Options;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Service;

/// <summary>The beat classifier the analysis uses (N / S / V, Q in noise), loaded once when the host builds it, so a model
/// that is configured but missing or invalid stops the start-up with its path and the reason.</summary>
public sealed class BeatModel
{
    public BeatModel(IOptions<AnalysisServiceOptions> options)
    {
        var o = options.Value;
        Path = o.Enabled ? o.BeatModelFullPath(AppContext.BaseDirectory) : null;
        if (Path is null)
        {
            return;
        }

        try
        {
            Classifier = BeatClassifier.Load(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidOperationException($"{AnalysisServiceOptions.Section}:BeatModelPath: cannot load the beat model {Path}: {ex.Message}", ex);
        }
    }

    /// <summary>Full path of the loaded model; null when none is configured.</summary>
    public string? Path { get; }

    /// <summary>The model; null when none is configured (beats stay <see cref="TeleSante.Analysis.BeatClass.Unknown"/>).</summary>
    public BeatClassifier? Classifier { get; }
}
