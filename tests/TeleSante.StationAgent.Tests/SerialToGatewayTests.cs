using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleSante.FirmwareSim.Serial;
using TeleSante.StationAgent.Internal;
using TeleSante.StationAgent.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests;

/// <summary>Serial device → socat pty pair → station agent → gateway (child process) → InfluxDB.</summary>
[Collection(AgentIntegrationCollection.Name)]
public sealed class SerialToGatewayTests(InfluxFixture influx)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readings_written_on_the_serial_port_reach_InfluxDB_with_their_codes_units_values_and_times()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx);
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-a", gateway.GrpcPort, "serial-a");
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
            Interval = TimeSpan.FromMilliseconds(50),
        });

        await device.RunAsync(16, CancellationToken.None);
        var alarm = await device.WriteEventAsync("probe-off", 150452, "SENSOR OFF", CancellationToken.None);

        await agent.WaitUntilAsync(s => s.Acked == 17, Timeout, "16 readings and an alarm acknowledged");
        await gateway.WaitForForwardingAsync(Timeout);
        var expected = Readings.Expected(device.Written, "serial-monitor-a");
        var stored = await Readings.StoredEventuallyAsync(gateway, "serial-a", expected.Count, Timeout);
        stored.Should().BeEquivalentTo(expected);

        // What the device sends in each form arrives as the gateway's codes: a reference id resolved, and
        // a blood-pressure sentence as four values of one measurement.
        stored.Should().Contain(r => r.MdcCode == 150364 && r.Unit == "Cel" && r.Loinc == "8310-5", "MDC_TEMP_BODY on the wire");
        var bloodPressure = device.Written.First(w => w.Line.StartsWith("$TSB1", StringComparison.Ordinal));
        stored.Where(r => r.Seq == bloodPressure.Seq).Select(r => (r.MdcCode, r.TimeNs)).Should().BeEquivalentTo(
            new[] { 150021u, 150022u, 150023u, 149546u }.Select(code => (code, bloodPressure.TimeNs)));

        await gateway.AssignAsync("serial-a");
        var events = (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/serial-a/events?from={alarm.TimeNs - 1_000_000_000}&to={alarm.TimeNs + 1_000_000_000}")).GetProperty("events");
        events.EnumerateArray().Should().ContainSingle().Which.Should().Match<JsonElement>(e =>
            e.GetProperty("code").GetString() == "probe-off" && e.GetProperty("mdcCode").GetUInt32() == 150452 && e.GetProperty("text").GetString() == "SENSOR OFF"
            && e.GetProperty("timeNs").Int64() == alarm.TimeNs && e.GetProperty("deviceId").GetString() == "serial-monitor-a");

        agent.Status.LinesTaken.Should().Be(17);
        agent.Status.LinesRejected.Should().Be(0);
        agent.Status.OutboxPending.Should().Be(0);
        await agent.StopAsync();
        agent.Logs.Where(l => l.Level >= LogLevel.Warning).Should().BeEmpty("nothing went wrong, not even at shutdown");
        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }

    [Fact]
    public async Task Damaged_and_garbage_lines_are_counted_and_kept_while_the_good_ones_still_flow()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx);
        await using var agent = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-d", gateway.GrpcPort, "serial-d");
        await agent.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
        });

        var good = new List<WrittenSentence>();
        async Task Good(int count)
        {
            for (var i = 0; i < count; i++)
            {
                good.Add(await device.WriteNextAsync(CancellationToken.None));
            }
        }

        Task Raw(string text) => device.WriteRawAsync(Encoding.ASCII.GetBytes(text), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        await Good(3);
        var damaged = TsvSentence.Observation(999, now, "150456", 97, "%").Replace(",97,", ",91,", StringComparison.Ordinal);
        await Raw(damaged);                                                                    // checksum
        await Raw("hello from the cleaning lady's radio\r\n");                                 // syntax: no '$'
        await device.WriteRawAsync(new byte[] { 0x00, 0xFF, 0x13, 0x80, 0x7F, (byte)'\r', (byte)'\n' }, CancellationToken.None); // syntax: binary
        await Raw(new string('~', 400) + "\r\n");                                              // too long (wrong baud rate)
        await Raw(TsvSentence.Frame("TSI1,ACME-VM300,SN0042,FW2.1"));                         // unknown sentence
        await Raw(TsvSentence.Observation(1, now, "150456", 96, "%"));                        // seq 1 again: the device counter went back
        await Raw("$TSV1,1000,2026-11-2");                                                     // fragment, cut by the next '$'
        await Good(2);
        var refused = await device.WriteObservationAsync("150021", 150021, 412, "mm[Hg]", CancellationToken.None); // valid line, implausible value
        await Good(3);

        await agent.WaitUntilAsync(s => s.Acked == good.Count && s.RefusedByGateway == 1, Timeout, "good lines acknowledged, the implausible one refused");
        var status = agent.Status;
        status.LinesTaken.Should().Be(good.Count + 1);
        status.LinesRejectedFor(LineRejectionReason.Checksum).Should().Be(1);
        status.LinesRejectedFor(LineRejectionReason.Syntax).Should().Be(2);
        status.LinesRejectedFor(LineRejectionReason.TooLong).Should().Be(1);
        status.LinesRejectedFor(LineRejectionReason.UnknownSentence).Should().Be(1);
        status.LinesRejectedFor(LineRejectionReason.SeqNotIncreasing).Should().Be(1);
        status.LinesRejectedFor(LineRejectionReason.Fragment).Should().Be(1);
        status.LinesRejected.Should().Be(7);

        // Kept, with the reason and every byte as it arrived.
        var kept = RejectedLineStore.ReadAll(agent.OutboxDirectory);
        kept.Should().HaveCount(7);
        kept.Select(l => l.Split('\t')[3]).Should().BeEquivalentTo(["Checksum", "Syntax", "Syntax", "TooLong", "UnknownSentence", "SeqNotIncreasing", "Fragment"]);
        kept.Should().Contain(l => l.EndsWith("\t" + damaged.TrimEnd(), StringComparison.Ordinal));
        kept.Should().Contain(l => l.EndsWith("\t\\x00\\xFF\\x13\\x80\\x7F", StringComparison.Ordinal));
        kept.Should().Contain(l => l.EndsWith("\thello from the cleaning lady's radio", StringComparison.Ordinal));
        kept.Should().Contain(l => l.EndsWith("\t$TSV1,1000,2026-11-2", StringComparison.Ordinal));
        kept.Should().OnlyContain(l => l.Split('\t')[2] == "serial-monitor-d");

        // The gateway's refusal is kept by the agent with the gateway's reason, and by the gateway as a dead letter.
        var refusal = RejectedBatchStore.ReadAll(agent.OutboxDirectory).Should().ContainSingle().Subject;
        refusal.Should().Contain("\"reason\":\"OutOfRange\"").And.Contain($"\"seq\":{refused.Seq}").And.Contain("412");
        (await StoredRecording.DeadLettersAsync(gateway, "serial-monitor-d")).Should().ContainSingle();

        await gateway.WaitForForwardingAsync(Timeout);
        var expected = Readings.Expected(good, "serial-monitor-d");
        (await Readings.StoredEventuallyAsync(gateway, "serial-d", expected.Count, Timeout)).Should().BeEquivalentTo(expected);
        agent.UnexpectedErrors().Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }

    [Fact]
    public async Task Agent_sends_as_its_registered_station_and_a_wrong_token_keeps_readings_in_the_outbox_until_fixed()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx, new Dictionary<string, string> { ["Security:DeviceAuthentication"] = "true" });
        var token = await gateway.RegisterDeviceAsync("station-pharma-test-01", "station", "pharma-test-01");
        await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = link.DevicePath,
            SeqFile = Path.Combine(link.Directory, "device.seq"),
        });
        Dictionary<string, string?> Credentials(string secret) => new() { ["Gateway:StationId"] = "station-pharma-test-01", ["Gateway:Token"] = secret };

        var outbox = Directory.CreateTempSubdirectory("telesante-agent-").FullName;
        try
        {
            await using (var refused = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-s", gateway.GrpcPort, "serial-s", Credentials("not-the-token"), outbox))
            {
                await refused.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
                for (var i = 0; i < 5; i++)
                {
                    await device.WriteNextAsync(CancellationToken.None);
                }

                // Refused again and again, with nothing new to send in between: a failed stream must not
                // wait for the next serial line before it tries again.
                await refused.WaitUntilAsync(s => s.LinesTaken == 5 && s.StreamFailures >= 3, Timeout, "lines taken, stream refused three times");
                await refused.StopAsync();
                refused.Status.Acked.Should().Be(0);
                refused.Status.OutboxPending.Should().Be(5);
                refused.Logs.Should().Contain(l => l.EventId.Id == 2203 && l.Level == LogLevel.Error, "a refused credential needs a person");
                refused.UnexpectedErrors(2203).Should().BeEmpty();
            }

            // Credentials fixed, the agent starts again on the same outbox and delivers what it kept.
            await using var fixedAgent = await InProcessAgent.StartAsync(link.AgentPath, "serial-monitor-s", gateway.GrpcPort, "serial-s", Credentials(token), outbox);
            await fixedAgent.WaitUntilAsync(s => s.OpenPorts == 1, Timeout, "port open");
            for (var i = 0; i < 5; i++)
            {
                await device.WriteNextAsync(CancellationToken.None);
            }

            await fixedAgent.WaitUntilAsync(s => s.Acked == 10 && s.OutboxPending == 0, Timeout, "the 5 kept and the 5 new readings acknowledged");
            await gateway.WaitForForwardingAsync(Timeout);
            var expected = Readings.Expected(device.Written, "serial-monitor-s");
            (await Readings.StoredEventuallyAsync(gateway, "serial-s", expected.Count, Timeout)).Should().BeEquivalentTo(expected);
            fixedAgent.UnexpectedErrors().Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }

        gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
    }
}
