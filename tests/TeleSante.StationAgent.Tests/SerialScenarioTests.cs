using TeleSante.FirmwareSim.Scenario;
using TeleSante.StationAgent.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests;

/// <summary>A scenario file's serial device: telesante-sim writes on a pty, the agent reads the other end.</summary>
[Collection(AgentIntegrationCollection.Name)]
public sealed class SerialScenarioTests(InfluxFixture influx)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_serial_device_in_a_scenario_reaches_the_gateway_through_the_station_agent()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx);
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, "kiosk-monitor", gateway.GrpcPort, "serial-scn");
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
        var scenario = new ScenarioDefinition
        {
            Site = "serial-site",
            Sessions =
            [
                new SessionDefinition
                {
                    Id = "serial-scn",
                    DurationSeconds = 1.5,
                    Devices = [new DeviceDefinition { Kind = "vitals", Transport = "serial", Port = link.DevicePath, SeqFile = Path.Combine(link.Directory, "monitor.seq"), IntervalSeconds = 0.1 }],
                },
            ],
        };

        var runner = new ScenarioRunner(scenario);
        await runner.RunAsync(CancellationToken.None);

        var monitor = runner.Devices.Should().ContainSingle().Subject;
        monitor.Transport.Should().Be("serial");
        monitor.Sent.Should().BeGreaterThan(5, monitor.LastError);
        await agent.WaitUntilAsync(s => s.Acked == monitor.Sent, Timeout, $"{monitor.Sent} sentences acknowledged");
        agent.Status.LinesRejected.Should().Be(0);
        await gateway.WaitForForwardingAsync(Timeout);
        var stored = await Readings.StoredAsync(gateway, "serial-scn");
        stored.Select(r => r.Seq).Distinct().Should().HaveCount((int)monitor.Sent, "every sentence written is stored once");
        stored.Should().OnlyContain(r => r.DeviceId == "kiosk-monitor");
    }
}
