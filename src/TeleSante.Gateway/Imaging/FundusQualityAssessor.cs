using Microsoft.Extensions.Options;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;

namespace TeleSante.Gateway.Imaging;

/// <summary>
/// The quality gate at upload (issue 13): decodes the stored photograph, measures it and asks the gate, so the upload's
/// answer tells the operator to retake while the patient is still in the chair. The model is loaded once, at start-up
/// (<see cref="FundusGateStartup"/>); at most Imaging:QualityGate:MaxConcurrent photographs are decoded at once, since
/// each holds its full decoded pixels.
/// </summary>
internal sealed class FundusQualityAssessor : IDisposable
{
    private readonly FundusGateOptions _options;
    private readonly Lazy<FundusGate> _gate;
    private readonly SemaphoreSlim _decoding;
    private readonly ILogger<FundusQualityAssessor> _logger;

    public FundusQualityAssessor(IOptions<FundusGateOptions> options, ILogger<FundusQualityAssessor> logger)
    {
        _options = options.Value;
        _logger = logger;
        _decoding = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
        _gate = new Lazy<FundusGate>(() => FundusGate.Load(ModelDirectory(_options)));
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The model folder, relative to the gateway's own folder unless absolute.</summary>
    public static string ModelDirectory(FundusGateOptions options) => Path.Combine(AppContext.BaseDirectory, options.ModelDirectory);

    /// <summary>Loads the model (start-up): a missing or corrupt model stops the gateway rather than the first upload.</summary>
    public void Load() => _ = _gate.Value;

    public async Task<FundusVerdict> AssessAsync(IImageStore store, StoredImage image, CancellationToken cancellationToken)
    {
        await _decoding.WaitAsync(cancellationToken);
        try
        {
            await using var content = store.OpenRead(image);
            FundusMeasurements measurements;
            try
            {
                measurements = FundusMeter.Measure(content, image.Info, image.Upload.Laterality, image.Upload.Field, _options);
            }
            catch (ImageRejectedException e)
            {
                // The probe accepted the file but the decoder did not: no measurement, and the operator must retake.
                FundusGateLog.Undecodable(_logger, image.Id, e.Message);
                return new FundusVerdict(false, 1, ["the photograph could not be decoded: " + e.Message], FundusMeasurements.NoField);
            }

            var verdict = _gate.Value.Assess(measurements, image.Upload.Field);
            if (!verdict.Gradable)
            {
                FundusGateLog.Ungradable(_logger, image.Id, image.Upload.SessionId, image.Upload.Laterality, image.Upload.Field, string.Join("; ", verdict.Reasons));
            }

            return verdict;
        }
        finally
        {
            _decoding.Release();
        }
    }

    public void Dispose() => _decoding.Dispose();
}
