using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TeleSante.FirmwareSim.Serial;
using TeleSante.StationAgent.Internal;
using TeleSante.StationAgent.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.StationAgent.Tests;

/// <summary>The agent as its own process, killed with SIGKILL: only what it had on disk survives.</summary>
[Collection(AgentIntegrationCollection.Name)]
public sealed class AgentCrashTests(InfluxFixture influx, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agent_killed_with_sigkill_mid_stream_and_restarted_loses_nothing_it_had_taken_and_stores_nothing_twice()
    {
        await using var link = await SerialLink.StartAsync();
        await using var gateway = await TestGateway.StartAsync(influx);
        var outboxDirectory = Directory.CreateTempSubdirectory("telesante-agent-process-").FullName;
        try
        {
            await using var agent = await AgentProcess.StartAsync(new Dictionary<string, string>
            {
                ["Agent:SiteId"] = "pharma-test-01",
                ["Agent:SessionId"] = "serial-c",
                ["Agent:Ports:0:Path"] = link.AgentPath,
                ["Agent:Ports:0:DeviceId"] = "serial-monitor-c",
                ["Agent:Ports:0:ReopenDelay"] = "00:00:00.200",
                ["Gateway:Url"] = "http://127.0.0.1:" + gateway.GrpcPort.ToString(CultureInfo.InvariantCulture),
                ["Gateway:RetryInitialDelay"] = "00:00:00.100",
                ["Gateway:RetryMaxDelay"] = "00:00:01",
                ["Outbox:Directory"] = outboxDirectory,
            });
            await using var device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
            {
                PortPath = link.DevicePath,
                SeqFile = Path.Combine(link.Directory, "device.seq"),
                Interval = TimeSpan.FromMilliseconds(100),
            });
            using var stopDevice = new CancellationTokenSource();
            var writing = device.RunAsync(0, stopDevice.Token);

            // Flowing: readings reach the gateway through the agent process.
            await StoredRecording.EventuallyAsync(
                async () => (await gateway.HealthAsync()).GetProperty("pipeline").GetProperty("accepted").GetInt64(), accepted => accepted >= 10, Timeout);

            // The gateway goes away, so that the agent holds a backlog (seen in a copy of its outbox), and then
            // the agent dies with it.
            await gateway.KillAsync();
            // A copy of a running outbox can still show as pending lines acknowledged just before the gateway died (the
            // acknowledgement record lags the data): let the device write well past that first, so the backlog is real.
            var writtenAtGatewayKill = device.Written.Count;
            await Eventually.UntilAsync(() => device.Written.Count >= writtenAtGatewayKill + 15, Timeout, "sentences written while the gateway is down");
            await Eventually.UntilAsync(async () => (await PendingOnDiskWhileRunningAsync(outboxDirectory)) > 10, Timeout, "a backlog in the agent's outbox");
            await agent.KillAsync();
            var taken = await PendingOnDiskAsync(outboxDirectory);
            taken.Should().HaveCountGreaterThan(10, "the readings of the outage were taken into the outbox");

            // The device keeps writing into the cable while nobody reads it; then both come back.
            var writtenAtKill = device.Written.Count;
            await Eventually.UntilAsync(() => device.Written.Count >= writtenAtKill + 10, Timeout, "sentences written while the agent is dead");
            await gateway.StartAgainAsync();
            await agent.StartAgainAsync();
            // And once the restarted agent delivers again, the device stops.
            await Eventually.ValueAsync(
                async () => (await gateway.HealthAsync()).GetProperty("pipeline").GetProperty("accepted").GetInt64(), accepted => accepted > 0, Timeout, "the restarted agent delivers");
            await stopDevice.CancelAsync();
            await writing.ContinueWith(static _ => { }, TaskScheduler.Default);
            var written = device.Written;

            // In order: once the last sentence written is stored, everything before it has been through.
            var lastSeq = written[^1].Seq;
            await StoredRecording.EventuallyAsync(() => Readings.StoredAsync(gateway, "serial-c"), stored => stored.Any(r => r.Seq == lastSeq), Timeout);
            await gateway.WaitForForwardingAsync(Timeout);
            var stored = await Readings.StoredAsync(gateway, "serial-c");

            var storedSeqs = stored.Select(r => r.Seq).ToHashSet();
            storedSeqs.Should().Contain(taken, "every line in the killed agent's outbox is delivered after the restart");
            stored.GroupBy(r => (r.MdcCode, r.TimeNs)).Should().OnlyContain(g => g.Count() == 1, "nothing is stored twice");
            stored.Should().BeSubsetOf(Readings.Expected(written, "serial-monitor-c"));

            // Only a line the agent was reading at the instant of SIGKILL (out of the port, not yet fsync'd)
            // may be missing; lines written while it was dead waited in the tty and were read after restart.
            var missing = written.Where(w => !storedSeqs.Contains(w.Seq)).Select(w => w.Seq).ToList();
            output.WriteLine($"written {written.Count} sentences, {taken.Count} in the outbox at the kill (seq {taken.Min()}..{taken.Max()}), missing [{string.Join(", ", missing)}]");
            missing.Should().HaveCountLessThanOrEqualTo(1);
            missing.TrueForAll(seq => seq > taken.Max()).Should().BeTrue($"lines taken before the kill are all delivered (missing: {string.Join(", ", missing)})");
            var everyObservationOfStoredSentences = written.Where(w => storedSeqs.Contains(w.Seq)).Sum(w => w.Observations.Count);
            stored.Should().HaveCount(everyObservationOfStoredSentences);

            (await agent.StopAsync()).Should().Be(0, "the agent stops cleanly on SIGTERM");
            output.WriteLine(agent.RecentOutput);
            agent.RecentOutput.Should().NotContain("fail:").And.NotContain("crit:");
            gateway.ErrorLines().Should().BeEmpty(TestGateway.ErrorContext(gateway));
        }
        finally
        {
            Directory.Delete(outboxDirectory, recursive: true);
        }
    }

    /// <summary>How many readings wait in the outbox of the running agent (-1 if a file changed under the copy).</summary>
    private static async Task<int> PendingOnDiskWhileRunningAsync(string outboxDirectory)
    {
        try
        {
            return (await PendingOnDiskAsync(outboxDirectory)).Count;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>The seqs waiting in the outbox the killed agent left, read from a copy (the agent's own
    /// recovery would run on the original when it starts again).</summary>
    private static async Task<List<ulong>> PendingOnDiskAsync(string outboxDirectory)
    {
        var copy = Directory.CreateTempSubdirectory("telesante-outbox-copy-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(outboxDirectory, "*", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(file) is OutboxFormat.LockFileName or "lock")
                {
                    continue; // the outbox's and its log's lock files: a running agent holds them exclusively
                }

                var target = Path.Combine(copy, Path.GetRelativePath(outboxDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            await using var outbox = DiskOutbox.Open(new OutboxOptions { Directory = copy }, new AgentStatus(), TimeProvider.System, NullLogger.Instance);
            return [.. outbox.ReadAfter(outbox.AckedId, int.MaxValue).Select(e => e.Batch.Seq)];
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
