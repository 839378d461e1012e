using System.Globalization;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>
/// A fundus camera in a screening consultation: photographs both eyes of one patient (the same retina
/// in every capture) in the two-field order a reader expects, and sends each to the gateway over HTTP.
/// Capture ids carry the capture time, so they stay unique across restarts of the simulator, as a
/// camera's instance UIDs do.
/// </summary>
public sealed class FundusDevice
{
    private static readonly (Laterality Eye, FundusField Field)[] Protocol =
        [(Laterality.OD, FundusField.MaculaCentred), (Laterality.OS, FundusField.MaculaCentred), (Laterality.OD, FundusField.DiscCentred), (Laterality.OS, FundusField.DiscCentred)];

    private readonly DeviceDefinition _definition;
    private readonly string _session;
    private readonly FundusCamera _camera;
    private readonly ImageUploader _uploader;
    private readonly FieldConditions _conditions;
    private readonly Random _random;
    private readonly int _eyeSeed;
    private readonly List<long> _accepted = [];

    public FundusDevice(DeviceDefinition definition, string deviceId, string site, string session, HttpClient http, FieldConditions conditions, int seed, DeviceCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _definition = definition;
        _session = session;
        _conditions = conditions;
        _random = new Random(conditions.Seed + seed);
        _eyeSeed = seed;
        _camera = new FundusCamera(new FundusCameraOptions { DeviceId = deviceId, SiteId = site, Width = definition.ImageWidth, Height = definition.ImageHeight, Seed = seed });
        _uploader = new ImageUploader(http, credential);
        Stats = new DeviceStats(deviceId, "fundus", "http");
    }

    public DeviceStats Stats { get; }

    /// <summary>Gateway ids of the photographs it accepted, in capture order.</summary>
    public IReadOnlyList<long> AcceptedImageIds => _accepted;

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = DateTime.UtcNow + duration;
        var defects = DefectsFor(_definition.Defect);
        var format = _definition.Format.ToLowerInvariant() switch
        {
            "jpeg" or "jpg" => FundusFileFormat.Jpeg,
            "png" => FundusFileFormat.Png,
            _ => throw new ArgumentException($"unknown fundus file format '{_definition.Format}' (jpeg, png)"),
        };
        for (var n = 0; n < _definition.Captures && DateTime.UtcNow < end; n++)
        {
            if (n > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(_definition.IntervalSeconds), cancellationToken).ConfigureAwait(false);
            }

            var (eye, field) = Protocol[n % Protocol.Length];
            var capture = _camera.Capture(new FundusCaptureRequest { Laterality = eye, Field = field, Defects = defects, SessionId = _session, EyeSeed = _eyeSeed });
            var metadata = capture.Metadata;
            var file = capture.Encode(format);
            var request = new ImageUploadRequest(
                metadata.DeviceId, metadata.SiteId, _session,
                string.Create(CultureInfo.InvariantCulture, $"{metadata.CapturedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{n + 1}"),
                eye.ToString(), field == FundusField.MaculaCentred ? "macula" : "disc", metadata.CapturedAt, file.ContentType, file.Content);

            // A lost answer makes a camera send the same photograph again: the gateway keeps it once.
            var sends = _random.NextDouble() < _conditions.DuplicateProbability ? 2 : 1;
            for (var send = 0; send < sends; send++)
            {
                Stats.OnSent();
                var result = await _uploader.UploadAsync(request, cancellationToken).ConfigureAwait(false);
                if (!result.Accepted)
                {
                    Stats.OnRejected(result.Problem ?? result.Status.ToString(CultureInfo.InvariantCulture));
                    break;
                }

                Stats.OnAcked(result.Duplicate);
                if (!result.Duplicate)
                {
                    _accepted.Add(result.ImageId!.Value);
                }
            }
        }
    }

    private static FundusDefects DefectsFor(string defect) => defect.ToLowerInvariant() switch
    {
        "none" => FundusDefects.None,
        "blur" => new FundusDefects { BlurRadiusPx = 6 },
        "dark" => new FundusDefects { ExposureStops = -2 },
        "bright" => new FundusDefects { ExposureStops = 1.5 },
        "offcentre" => new FundusDefects { OffCentreX = 0.25 },
        "eyelid" => new FundusDefects { EyelidShadow = 0.4 },
        _ => throw new ArgumentException($"unknown fundus defect '{defect}' (none, blur, dark, bright, offcentre, eyelid)"),
    };
}
