using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>One real InfluxDB and one real gateway (child process, embedded MQTT broker) for the
/// end-to-end class: starting them once keeps the suite well under a minute.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private InfluxDbServer? _influx;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _influx = await InfluxDbServer.StartAsync();
        _gateway = await GatewayProcess.StartAsync(_influx.Url);
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
