using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.Imaging.Quality.Tests;

/// <summary>Photographs from the simulated camera, of one retina, measured as an upload is.</summary>
internal static class Photographs
{
    public static readonly FundusGateOptions Options = new();

    public static FundusCapture Capture(FundusDefectKind kind, double severity, Laterality eye = Laterality.OD, FundusField field = FundusField.MaculaCentred, int width = 640, int height = 480) =>
        new FundusCamera(new FundusCameraOptions { DeviceId = "cam", SiteId = "site", Width = width, Height = height, Seed = 11 })
            .Capture(new FundusCaptureRequest { Laterality = eye, Field = field, Defects = FundusDefectScale.Of(kind, severity, width, height), EyeSeed = 4242, CapturedAt = DateTimeOffset.UnixEpoch });

    public static FundusMeasurements Measure(FundusCapture capture, FundusFileFormat format = FundusFileFormat.Png, EyeLaterality? declaredEye = null, RetinalField? declaredField = null)
    {
        using var stream = new MemoryStream(capture.Encode(format).Content);
        var eye = declaredEye ?? (capture.Metadata.Laterality == Laterality.OD ? EyeLaterality.OD : EyeLaterality.OS);
        var field = declaredField ?? (capture.Metadata.Field == FundusField.MaculaCentred ? RetinalField.MaculaCentred : RetinalField.DiscCentred);
        return FundusMeter.Measure(stream, 50_000_000, eye, field, Options);
    }

    public static FundusMeasurements Measure(FundusDefectKind kind, double severity, FundusFileFormat format = FundusFileFormat.Png) => Measure(Capture(kind, severity), format);
}
