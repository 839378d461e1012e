using Microsoft.Extensions.Logging;
using TeleSante.FirmwareSim.Serial;
using TeleSante.StationAgent.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests;

/// <summary>Store and forward: the gateway goes away, or asks the agent to slow down, while the device keeps measuring.</summary>
[Collection(AgentIntegrationCollection.Name)]
public sealed class GatewayOutageTests(InfluxFixture influx)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Gateway_down_for_20_seconds_the_outbox_delivers_every_reading_once_after_it_returns()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx);
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-b", gateway.GrpcPort, "serial-b");
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, TimeSpan.FromSeconds(10), "port open");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
            Interval = TimeSpan.FromMilliseconds(200),
        });
        using var stopDevice = new CancellationTokenSource();
        var writing = device.RunAsync(0, stopDevice.Token);

        await agent.WaitUntilAsync(s => s.Acked >= 10 && s.OutboxPending == 0, TimeSpan.FromSeconds(30), "first readings acknowledged");
        var acceptedBeforeKill = (await gateway.HealthAsync()).GetProperty("pipeline").GetProperty("accepted").GetInt64();
        var failuresBeforeKill = agent.Status.StreamFailures;
        await gateway.KillAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();

        // Answers already in the agent's socket when the gateway died may still be read until the agent sees
        // its stream fail; after that, nothing can answer it.
        await agent.WaitUntilAsync(s => s.StreamFailures > failuresBeforeKill, TimeSpan.FromSeconds(10), "the agent saw the gateway go");
        var answeredAtKill = agent.Status.Acked + agent.Status.DuplicateAcks;
        // The outage itself is real time: the device keeps measuring for 20 s with no gateway.
        await Task.Delay(Outage - outage.Elapsed);
        var pendingAtEnd = agent.Status.OutboxPending;
        var answeredDuringOutage = agent.Status.Acked + agent.Status.DuplicateAcks - answeredAtKill;
        await gateway.StartAgainAsync();

        // The device still writes once the agent delivers again, so that live readings mix with the backlog.
        await agent.WaitUntilAsync(s => s.Acked + s.DuplicateAcks > answeredAtKill, TimeSpan.FromSeconds(30), "answers again after the restart");
        await stopDevice.CancelAsync();
        await writing.ContinueWith(static _ => { }, TaskScheduler.Default);
        var written = device.Written;

        pendingAtEnd.Should().BeGreaterThanOrEqualTo(50, "about five readings a second wait in the outbox during 20 s without gateway");
        answeredDuringOutage.Should().Be(0, "nothing is answered while the gateway is down");
        agent.Status.StreamFailures.Should().BeGreaterThan(0);

        await agent.WaitUntilAsync(s => s.OutboxPending == 0 && s.Acked + s.DuplicateAcks == written.Count, TimeSpan.FromSeconds(30), "the backlog delivered");
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var expected = Readings.Expected(written, "serial-monitor-b");
        var stored = await Readings.StoredEventuallyAsync(gateway, "serial-b", expected.Count, TimeSpan.FromSeconds(30));
        stored.Should().BeEquivalentTo(expected, "every reading written is stored exactly once");
        stored.GroupBy(r => (r.MdcCode, r.TimeNs)).Should().OnlyContain(g => g.Count() == 1);

        // The gateway accepted each batch once over its two lives: its log sequence counts every accepted
        // batch (and survives the restart); resent ones were answered as duplicates, not accepted again.
        var health = await gateway.HealthAsync();
        var pipeline = health.GetProperty("pipeline");
        health.GetProperty("wal").GetProperty("lastSequence").GetInt64().Should().Be(written.Count);
        (acceptedBeforeKill + pipeline.GetProperty("accepted").GetInt64()).Should().BeLessThanOrEqualTo(written.Count);
        pipeline.GetProperty("deadLetters").GetInt64().Should().Be(0);
        agent.Status.Acked.Should().BeLessThanOrEqualTo(written.Count);
        agent.Status.LinesRejected.Should().Be(0);
        agent.UnexpectedErrors().Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }

    [Fact]
    public async Task Gateway_rate_limit_paces_the_backlog_without_losing_or_duplicating_a_reading()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx, new Dictionary<string, string>
        {
            ["Ingestion:MaxBatchesPerSecondPerDevice"] = "20",
            ["Ingestion:BurstBatchesPerDevice"] = "5",
        });
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-r", gateway.GrpcPort, "serial-r");
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, TimeSpan.FromSeconds(10), "port open");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
            Interval = TimeSpan.FromMilliseconds(10),
        });

        await device.RunAsync(60, CancellationToken.None);

        await agent.WaitUntilAsync(s => s.OutboxPending == 0 && s.Acked + s.DuplicateAcks == 60, TimeSpan.FromSeconds(30), "all 60 answered");
        agent.Status.RetryableRefusals.Should().BeGreaterThan(0, "60 sentences in under a second exceed a burst of 5 at 20/s");
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var expected = Readings.Expected(device.Written, "serial-monitor-r");
        (await Readings.StoredEventuallyAsync(gateway, "serial-r", expected.Count, TimeSpan.FromSeconds(30))).Should().BeEquivalentTo(expected);
        await agent.StopAsync();
        agent.Logs.Where(l => l.Level >= LogLevel.Warning).Should().BeEmpty("being paced by the gateway is not a fault");
        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }
}
