using Microsoft.ML;
using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// A trained atrial-fibrillation model (ML.NET zip written by <see cref="AfTrainer"/>) scoring one rhythm window at a
/// time. Thread-safe: ML.NET's prediction engine is not, so calls are serialised (one window every few seconds per
/// stream costs microseconds).
/// </summary>
public sealed class AfClassifier
{
    private readonly PredictionEngine<AfWindowRow, AfPrediction> _engine;
    private readonly Lock _lock = new();

    private AfClassifier(PredictionEngine<AfWindowRow, AfPrediction> engine) => _engine = engine;

    /// <summary>Loads a model from <paramref name="model"/> (the stream is read, not kept).</summary>
    /// <exception cref="InvalidDataException">The stream is not an AF model of this feature set.</exception>
    public static AfClassifier Load(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new MLContext(seed: 0);
        ITransformer transformer;
        try
        {
            transformer = context.Model.Load(model, out _);
            return new AfClassifier(context.Model.CreatePredictionEngine<AfWindowRow, AfPrediction>(transformer));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"not an AF model for {AfWindowRow.FeatureCount} features: {e.Message}", e);
        }
    }

    public static AfClassifier Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Scores a window's features (<see cref="RhythmWindow.FeatureNames"/> order).</summary>
    public AfPrediction Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != AfWindowRow.FeatureCount)
        {
            throw new ArgumentException($"expected {AfWindowRow.FeatureCount} features, got {features.Length}", nameof(features));
        }

        lock (_lock)
        {
            return _engine.Predict(new AfWindowRow { Features = features });
        }
    }

    public AfPrediction Predict(RhythmWindow window) => Predict(window.Features());

    /// <summary>The confusion matrix of the model over labelled windows.</summary>
    public AfConfusion Evaluate(IEnumerable<AfLabelledWindow> windows)
    {
        var confusion = AfConfusion.Empty;
        foreach (var window in windows)
        {
            confusion = confusion.Add(window.IsAf, Predict(window.Features).PredictedLabel);
        }

        return confusion;
    }
}
