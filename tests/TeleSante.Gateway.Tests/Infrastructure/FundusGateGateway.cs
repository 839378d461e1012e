using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests.Infrastructure;

/// <summary>One real gateway (child process, device authentication on, the committed quality gate model) and one
/// registered camera, shared by the quality-gate tests: each upload is a new capture, so they do not interfere.</summary>
public sealed class FundusGateGateway : IAsyncLifetime
{
    public const string Site = "pharma-gate-01";

    public const string Camera = "fundus-gate-1";

    private static int _captures;
    private InfluxDbServer? _influx;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public string Token { get; private set; } = string.Empty;

    /// <summary>One photograph from the simulated 800×600 camera, with a defect of the given kind and severity, PUT as
    /// <paramref name="eye"/> / <paramref name="declaredField"/> into <paramref name="session"/> by the registered camera.
    /// Each call is a new capture (its own image id).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(
        string session, FundusDefectKind kind, double severity, FundusField field, Laterality eye, string declaredField,
        FundusFileFormat format = FundusFileFormat.Jpeg, int cameraSeed = 21, int eyeSeed = 9001)
    {
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = Camera, SiteId = Site, Width = 800, Height = 600, Seed = cameraSeed });
        var file = camera.Capture(new FundusCaptureRequest { Laterality = eye, Field = field, Defects = FundusDefectScale.Of(kind, severity, 800, 600), EyeSeed = eyeSeed })
            .Encode(format);
        var id = "gate-" + Interlocked.Increment(ref _captures).ToString(CultureInfo.InvariantCulture);
        var at = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-2).ToString("O", CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{Camera}/images/{id}?session={session}&laterality={eye}&field={declaredField}&capturedAt={at}")
        {
            Content = new ByteArrayContent(file.Content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        request.Headers.Add("x-telesante-device", Camera);
        request.Headers.Add("x-telesante-token", Token);
        using var response = await Gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    public async Task InitializeAsync()
    {
        _influx = await InfluxDbServer.StartAsync();
        _gateway = await GatewayProcess.StartAsync(_influx.Url, new Dictionary<string, string> { ["Security:DeviceAuthentication"] = "true" });
        Token = await _gateway.RegisterDeviceAsync(Camera, "fundus", Site);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_influx is not null)
        {
            await _influx.DisposeAsync();
        }
    }
}
