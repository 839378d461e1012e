using Microsoft.ML;

namespace TeleSante.Imaging.Quality;

/// <summary>
/// The trained gate (<c>fundus-gate-model.zip</c> and <c>fundus-gate-limits.json</c> of <c>telesante-fundus train-gate</c>):
/// the FastTree model decides gradable or not from the measurements, the limits say why. Thread-safe: ML.NET's
/// prediction engine is not, so predictions are serialised (microseconds each, next to tens of milliseconds of decoding).
/// </summary>
public sealed class FundusGate
{
    public const string ModelFile = "fundus-gate-model.zip";

    public const string LimitsFile = "fundus-gate-limits.json";

    private readonly PredictionEngine<FundusGateRow, FundusGatePrediction> _engine;
    private readonly Lock _lock = new();

    private FundusGate(PredictionEngine<FundusGateRow, FundusGatePrediction> engine, FundusGateLimits limits)
    {
        _engine = engine;
        Limits = limits;
    }

    public FundusGateLimits Limits { get; }

    /// <exception cref="InvalidDataException">Not a gate model of these measurements.</exception>
    public static FundusGate Load(Stream model, FundusGateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(limits);
        var context = new MLContext(seed: 0);
        try
        {
            var transformer = context.Model.Load(model, out _);
            return new FundusGate(context.Model.CreatePredictionEngine<FundusGateRow, FundusGatePrediction>(transformer), limits);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"not a fundus gate model for {FundusMeasurements.Count} measurements: {e.Message}", e);
        }
    }

    /// <summary>Loads <see cref="ModelFile"/> and <see cref="LimitsFile"/> from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">One of them is missing.</exception>
    public static FundusGate Load(string directory)
    {
        using var limits = File.OpenRead(Path.Combine(directory, LimitsFile));
        using var model = File.OpenRead(Path.Combine(directory, ModelFile));
        return Load(model, FundusGateLimits.Read(limits));
    }

    public FundusGatePrediction Predict(FundusMeasurements measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        lock (_lock)
        {
            return _engine.Predict(new FundusGateRow { Features = measurements.ToFeatures() });
        }
    }

    /// <summary>The verdict on a measured photograph of the declared <paramref name="field"/>.</summary>
    public FundusVerdict Assess(FundusMeasurements measurements, RetinalField field)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var prediction = Predict(measurements);
        // No field of view at all (a black or blank frame) is no fundus photograph, whatever the trees say.
        var ungradable = prediction.Ungradable || measurements.FieldOfViewRadius <= 0;
        if (!ungradable)
        {
            return new FundusVerdict(true, prediction.Probability, [], measurements);
        }

        var reasons = Limits.OutOfRange(measurements, field);
        return new FundusVerdict(false, prediction.Probability, reasons.Count > 0 ? reasons : ["overall quality: no single measurement out of its range"], measurements);
    }

    /// <summary>The confusion matrix over labelled samples.</summary>
    public FundusGateConfusion Evaluate(IEnumerable<FundusGateSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var confusion = FundusGateConfusion.Empty;
        foreach (var sample in samples)
        {
            confusion = confusion.Add(sample.Ungradable, !Assess(sample.Measurements, sample.Field).Gradable);
        }

        return confusion;
    }
}
