using Microsoft.ML;
using TeleSante.Analysis.Beats;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// A trained beat model (ML.NET zip written by <see cref="BeatTrainer"/>) naming each beat N, S or V. A beat flagged
/// <see cref="BeatFeatures.Noisy"/> is not classified: it is <see cref="BeatClass.Q"/> with confidence 0. Thread-safe:
/// ML.NET's prediction engine is not, so calls are serialised (a beat costs a few microseconds); the input row and the
/// output are reused, so a call allocates nothing of its own.
/// </summary>
public sealed class BeatClassifier
{
    private static readonly BeatClass[] Order = [BeatClass.N, BeatClass.S, BeatClass.V];

    private readonly PredictionEngine<BeatRow, BeatPrediction> _engine;
    private readonly Lock _lock = new();
    private readonly BeatRow _row = new();
    private BeatPrediction _prediction = new();

    private BeatClassifier(PredictionEngine<BeatRow, BeatPrediction> engine) => _engine = engine;

    /// <summary>Loads a model from <paramref name="model"/> (the stream is read, not kept).</summary>
    /// <exception cref="InvalidDataException">The stream is not a beat model of this feature set.</exception>
    public static BeatClassifier Load(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new MLContext(seed: 0);
        try
        {
            var transformer = context.Model.Load(model, out _);
            var classifier = new BeatClassifier(context.Model.CreatePredictionEngine<BeatRow, BeatPrediction>(transformer));
            // A model of another shape fails here rather than at the first beat of a stream.
            classifier.Scores(new float[BeatFeatures.Count]);
            return classifier;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"not a beat model for {BeatFeatures.Count} features: {e.Message}", e);
        }
    }

    public static BeatClassifier Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>The beat's class (N, S or V; Q when it lies in noise) and the model's probability for it (0 for Q).</summary>
    public BeatClass Classify(in BeatFeatures features, out float confidence)
    {
        if (features.Noisy)
        {
            confidence = 0;
            return BeatClass.Q;
        }

        lock (_lock)
        {
            features.CopyTo(_row.Features);
            _engine.Predict(_row, ref _prediction);
            return Best(_prediction.Score, out confidence);
        }
    }

    /// <summary>Classifies a feature vector (<see cref="BeatFeatures.Names"/> order; evaluation, the committed set).</summary>
    public BeatClass Classify(float[] features, out float confidence)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != BeatFeatures.Count)
        {
            throw new ArgumentException($"expected {BeatFeatures.Count} features, got {features.Length}", nameof(features));
        }

        return Best(Scores(features), out confidence);
    }

    /// <summary>The confusion matrix of the model over labelled beats.</summary>
    public BeatConfusion Evaluate(IEnumerable<BeatLabelledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var confusion = new BeatConfusion();
        foreach (var example in examples)
        {
            confusion.Add(example.Label, Classify(example.Features, out _));
        }

        return confusion;
    }

    private float[] Scores(float[] features)
    {
        lock (_lock)
        {
            features.CopyTo(_row.Features, 0);
            _engine.Predict(_row, ref _prediction);
            if (_prediction.Score.Length != Order.Length)
            {
                throw new InvalidDataException($"the model scores {_prediction.Score.Length} classes, expected {Order.Length} (N, S, V)");
            }

            return [.. _prediction.Score];
        }
    }

    private static BeatClass Best(ReadOnlySpan<float> scores, out float confidence)
    {
        var best = 0;
        var total = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            total += scores[i];
            best = scores[i] > scores[best] ? i : best;
        }

        // One-versus-all probabilities need not sum to 1: the confidence is the winner's share.
        confidence = total > 0 ? scores[best] / total : 0;
        return Order[best];
    }
}
