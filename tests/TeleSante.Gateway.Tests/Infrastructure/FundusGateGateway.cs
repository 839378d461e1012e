using TeleSante.Testing;

namespace TeleSante.Gateway.Tests.Infrastructure;

/// <summary>One real gateway (child process, device authentication on, the committed quality gate model) and one
/// registered camera, shared by the quality-gate tests: each upload is a new capture, so they do not interfere.</summary>
public sealed class FundusGateGateway : IAsyncLifetime
{
    public const string Site = "pharma-gate-01";

    public const string Camera = "fundus-gate-1";

    private InfluxDbServer? _influx;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public string Token { get; private set; } = string.Empty;

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
