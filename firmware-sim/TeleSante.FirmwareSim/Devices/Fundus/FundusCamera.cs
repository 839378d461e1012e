using System.Globalization;
using TeleSante.FirmwareSim.Devices.Fundus.Internal;

namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// A non-mydriatic fundus camera. Each capture renders a synthetic retina (deterministic for an eye
/// seed: vessels, texture), mirrors it for a left eye, then applies the requested defects in the
/// order light meets them: misalignment of the field, the eyelid's shadow, defocus blur, exposure,
/// and finally sensor noise and 8-bit quantisation. The result is pixels plus metadata (with the true
/// landmark positions), and a PNG or JPEG file on request. Sending it is the caller's business
/// (Scenario.FundusDevice sends captures to the gateway's image endpoint).
/// </summary>
public sealed class FundusCamera
{
    private readonly FundusCameraOptions _options;
    private readonly Random _random;
    private long _captures;

    public FundusCamera(FundusCameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FieldOfViewDegrees, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.FieldOfViewDegrees, 120);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SensorNoise);
        _options = options;
        _random = new Random(options.Seed);
    }

    public FundusCameraOptions Options => _options;

    /// <summary>Raised after every capture.</summary>
    public event Action<FundusCapture>? Captured;

    public FundusCapture Capture(Laterality laterality, FundusField field = FundusField.MaculaCentred, FundusDefects? defects = null)
        => Capture(new FundusCaptureRequest { Laterality = laterality, Field = field, Defects = defects ?? FundusDefects.None });

    public FundusCapture Capture(FundusCaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var defects = request.Defects;
        Validate(defects);
        int width = _options.Width, height = _options.Height;
        var eyeSeed = request.EyeSeed ?? _random.Next();
        var sensor = new Random(_random.Next());

        var aimed = defects.WrongField ? Other(request.Field) : request.Field;
        var geometry = FundusGeometry.RightEye(width, height, _options.FieldOfViewDegrees, aimed);
        var image = FundusScene.RenderRightEye(width, height, geometry, new Random(eyeSeed));
        if (request.Laterality == Laterality.OS)
        {
            // The left fundus is, to this model's precision, the mirror image of the right one.
            image.MirrorHorizontally();
            geometry = geometry.Mirrored(width);
        }

        var dx = (int)Math.Round(defects.OffCentreX * width);
        var dy = (int)Math.Round(defects.OffCentreY * height);
        image.Shift(dx, dy);
        geometry = geometry.Shifted(dx, dy);

        if (defects.EyelidShadow > 0)
        {
            var phase = sensor.NextDouble() * 2 * Math.PI;
            image.Shade((x, y) => EyelidFactor(x, y, width, height, defects.EyelidShadow, phase));
        }

        if (defects.BlurRadiusPx > 0)
        {
            image.Convolve(defects.BlurKernel == BlurKernel.Box
                ? FloatImage.BoxKernel(Math.Max(1, (int)Math.Round(defects.BlurRadiusPx)))
                : FloatImage.GaussianKernel(defects.BlurRadiusPx));
        }

        if (defects.Contrast < 1)
        {
            // Scattered light veils the whole field before the sensor sees it, so it comes before exposure.
            image.ReduceContrast(defects.Contrast);
        }

        image.Expose(defects.ExposureStops);
        var pixels = image.Quantise(_options.SensorNoise, sensor);

        var number = ++_captures;
        var metadata = new FundusCaptureMetadata
        {
            CaptureId = string.Create(CultureInfo.InvariantCulture, $"{_options.DeviceId}-{number}"),
            DeviceId = _options.DeviceId,
            SiteId = _options.SiteId,
            SessionId = request.SessionId,
            Laterality = request.Laterality,
            Field = request.Field,
            Width = width,
            Height = height,
            FieldOfViewDegrees = _options.FieldOfViewDegrees,
            CapturedAt = request.CapturedAt ?? _options.TimeProvider.GetUtcNow(),
            ExposureStops = defects.ExposureStops,
            Defects = defects,
            EyeSeed = eyeSeed,
            DiscCentreX = Math.Round(geometry.DiscX, 2),
            DiscCentreY = Math.Round(geometry.DiscY, 2),
            DiscDiameterPx = Math.Round(geometry.DiscDiameter, 2),
            FoveaX = Math.Round(geometry.FoveaX, 2),
            FoveaY = Math.Round(geometry.FoveaY, 2),
        };
        var capture = new FundusCapture(metadata, pixels);
        Captured?.Invoke(capture);
        return capture;
    }

    /// <summary>
    /// A drooping upper lid: what lies above its margin gets 5 % of the light, with a soft transition
    /// (the lid, close to the pupil, is far out of focus). The margin sags a little in the middle and
    /// the lashes make it slightly ragged.
    /// </summary>
    private static float EyelidFactor(int x, int y, int width, int height, double fraction, double phase)
    {
        var across = (x - (width / 2.0)) / (width / 2.0);
        var edge = height * (fraction + (0.03 * (1 - (across * across))) + (0.004 * Math.Sin((2 * Math.PI * x / (0.05 * width)) + phase)));
        var t = Math.Clamp((y - (edge - (0.03 * height))) / (0.06 * height), 0, 1);
        var smooth = t * t * (3 - (2 * t));
        return (float)(0.05 + (0.95 * smooth));
    }

    private static FundusField Other(FundusField field) => field == FundusField.MaculaCentred ? FundusField.DiscCentred : FundusField.MaculaCentred;

    private static void Validate(FundusDefects defects)
    {
        ArgumentNullException.ThrowIfNull(defects);
        ArgumentOutOfRangeException.ThrowIfNegative(defects.Contrast);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defects.Contrast, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(defects.BlurRadiusPx);
        ArgumentOutOfRangeException.ThrowIfNegative(defects.EyelidShadow);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defects.EyelidShadow, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(defects.OffCentreX), 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(defects.OffCentreY), 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(defects.ExposureStops), 8);
    }
}
