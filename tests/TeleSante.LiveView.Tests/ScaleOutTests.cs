using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Two real gateways sharing one InfluxDB database and one real redis-server (LiveView:Redis), each with
/// its own data directory, ports and access policy: a practitioner connected to gateway B watches a
/// device streaming into gateway A.
/// </summary>
public sealed class ScaleOutTests(InfluxFixture influx, RedisFixture redis) : IClassFixture<InfluxFixture>, IClassFixture<RedisFixture>
{
    private const string Doctor = "dr-martin";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Practitioner_on_gateway_B_receives_every_sample_of_a_device_streaming_into_gateway_A(bool messagePack)
    {
        var (a, b) = await StartPairAsync();
        await using var gatewayA = a;
        await using var gatewayB = b;
        var session = "cons-scale-" + (messagePack ? "mp" : "json");
        b.Authorizer.Assign(Doctor, session); // access is decided by the gateway the practitioner joins
        await using var viewer = await TestViewer.ConnectAsync(b, Doctor, messagePack);
        (await viewer.JoinAsync(session)).HistoryFrames.Should().Be(0, "nothing was recorded yet");
        await using var intruder = await TestViewer.ConnectAsync(b, "dr-other", messagePack);
        var join = () => intruder.JoinAsync(session);
        (await join.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain($"not allowed to view session '{session}'");

        await using var device = new SimulatedDevice(a.Grpc, "ecg-scale", session, Ns.Now() - 30_000_000_000);
        await device.SendAsync(40); // 20 s of 12 leads at 500 Hz into gateway A, as fast as it acknowledges
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        await viewer.WaitForAsync(f => f.Count >= 40, TimeSpan.FromSeconds(10), "40 frames through gateway B");
        // A sentinel instead of a guessed wait: a 41st batch, relayed through the same Redis channel after the
        // first 40, arrives after any duplicate of them would have.
        await device.SendAsync(1);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await viewer.WaitForAsync(f => f.Any(x => x.BatchSeq == 41), TimeSpan.FromSeconds(10), "the sentinel frame through gateway B");

        var frames = viewer.Frames;
        frames.Should().HaveCount(41, "each frame once: A does not take its own frames back, B relays none");
        frames.Select(f => f.Seq).Should().Equal(Enumerable.Range(1, 41).Select(i => (long)i), "B numbers the session's frames itself, none missed");
        frames.Select(f => f.BatchSeq).Should().Equal(device.Sent.Select(b => b.Seq), "the device's batches in the order it sent them");
        frames.Should().OnlyContain(f => f.Source == LiveFrame.LiveSource && f.Gap == null && f.SessionId == session && f.DeviceId == "ecg-scale");
        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            FrameSamples.Of(frames, lead).Should().Equal(FrameSamples.Of(device.Sent, lead), $"lead {CodeCatalog.FindWaveform(lead)!.Label} arrives sample for sample");
        }

        intruder.Frames.Should().BeEmpty("a refused join gets nothing, whichever gateway the device streams into");
        // The relay also carries the ECG analysis of A's stream (issue 12): it reaches the viewer on B, and every message
        // A published is received by B once (frames and analysis messages share the channel, in order).
        await Eventually.UntilAsync(() => !viewer.Analyses.IsEmpty, TimeSpan.FromSeconds(10), "A's analysis through gateway B");
        var published = await Eventually.ValueAsync(async () => (A: a.Relay.Published, B: (await RelayHealthAsync(b)).GetProperty("received").GetInt64()),
            p => p.A == p.B, TimeSpan.FromSeconds(10), "B received what A published");
        published.A.Should().BeGreaterThan(41, "41 frames and the analysis messages");
        var relayOnA = await RelayHealthAsync(a);
        relayOnA.GetProperty("published").GetInt64().Should().Be(a.Relay.Published, "/health reports the relay to an operator");
        relayOnA.GetProperty("connected").GetBoolean().Should().BeTrue();
        b.FanOut.FramesRelayed.Should().Be(41);
        b.FanOut.FramesAccepted.Should().Be(0, "nothing was ingested by B");
        a.FanOut.FramesRelayed.Should().Be(0, "A ignores its own frames coming back from Redis");
        a.Authorizer.Decisions.Should().BeEmpty("only B decided who sees what on B");
        b.Authorizer.Decisions.Should().Contain(d => d.User == "dr-other" && d.Action == LiveViewHub.JoinAction && !d.Allowed);

        // A late joiner on B gets the last 10 s at once from B's own memory (the ring fed by the relay).
        await using var late = await TestViewer.ConnectAsync(b, Doctor, messagePack);
        var joined = await late.JoinAsync(session);
        joined.HistoryFramesFromStorage.Should().Be(0, "B's memory holds the last 10 s");
        await late.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history");
        FrameSamples.Of(late.Frames).Should().Equal(FrameSamples.Of(device.Sent.Skip(21)), "exactly the last 10 s of lead II");
        a.Log.Errors.Should().BeEmpty();
        b.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Gateway_A_keeps_acknowledging_while_Redis_is_down_and_viewers_on_B_resume_when_it_is_back()
    {
        var (a, b) = await StartPairAsync();
        await using var gatewayA = a;
        await using var gatewayB = b;
        const string session = "cons-scale-outage";
        a.Authorizer.Assign(Doctor, session);
        b.Authorizer.Assign(Doctor, session);
        await using var onA = await TestViewer.ConnectAsync(a, Doctor, messagePack: true);
        await using var onB = await TestViewer.ConnectAsync(b, Doctor, messagePack: true);
        await onA.JoinAsync(session);
        await onB.JoinAsync(session);
        await using var device = new SimulatedDevice(a.Grpc, "ecg-outage", session, Ns.Now() - 60_000_000_000);
        await device.SendAsync(10);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await onB.WaitForAsync(f => f.Count >= 10, TimeSpan.FromSeconds(10), "10 frames through B before the outage");

        try
        {
            await redis.Server.StopAsync();
            await device.SendAsync(20);
            // The relay never makes ingestion wait: every batch is acknowledged within the drain's timeout
            // (a publish waiting on Redis would hold them all back).
            await device.DrainAsync(TimeSpan.FromSeconds(10));

            device.Acked.Should().Be(30, "ingestion acknowledges every durable batch whatever Redis does");
            device.Rejected.Should().Be(0);
            await onA.WaitForAsync(f => f.Count >= 30, TimeSpan.FromSeconds(10), "A's own viewer, unaffected");
            // No guessed wait: that none of batches 11..30 ever reaches B is proved below, once frames flow again
            // (they would arrive before the first frame published after the outage).
            onB.Frames.Should().HaveCount(10, "B's viewer sees the trace stop while Redis is down");
            (await RelayHealthAsync(a)).GetProperty("connected").GetBoolean().Should().BeFalse("/health shows the relay is cut");
            using (var http = new HttpClient { BaseAddress = a.HttpBase })
            {
                (await http.GetAsync("/health")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "a cut relay costs live viewers on other gateways, not ingestion");
            }

            // B keeps serving its viewers what it has: a joiner during the outage gets B's memory.
            await using var duringOutage = await TestViewer.ConnectAsync(b, Doctor, messagePack: true);
            var joined = await duringOutage.JoinAsync(session);
            await duringOutage.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history on B");
            FrameSamples.Of(duringOutage.Frames.Where(f => f.Seq > 0)).Should().Equal(FrameSamples.Of(device.Sent.Take(10)), "what B received before the outage");
        }
        finally
        {
            if (!redis.Server.IsRunning)
            {
                await redis.Server.StartAgainAsync();
            }
        }

        // Back: both gateways reconnect and resubscribe by themselves; B's viewer gets the new frames.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!onB.Frames.Any(f => f.BatchSeq > 30))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the relay reconnects within 30 s");
            await device.SendAsync(1);
            await Task.Delay(200);
        }

        var last = device.Sent[^1].Seq;
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await onB.WaitForAsync(f => f.Any(x => x.BatchSeq == last), TimeSpan.FromSeconds(5), "the last batch on B");
        var frames = onB.Frames;
        frames.Select(f => f.Seq).Should().Equal(Enumerable.Range(1, frames.Count).Select(i => (long)i), "B's own numbering stays contiguous");
        frames.Take(10).Select(f => f.BatchSeq).Should().Equal(Enumerable.Range(1, 10).Select(i => (ulong)i));
        frames.Skip(10).Should().OnlyContain(f => f.BatchSeq > 30, "what A published while Redis was down is not replayed to B");
        frames.Skip(10).Select(f => f.BatchSeq).Should().BeInAscendingOrder();
        frames.Should().OnlyContain(f => f.Gap == null, "nothing was dropped for this viewer: the outage is a hole in time, as when a lead comes off");
        onA.Frames.Should().HaveCount((int)last, "A's viewer missed nothing");
        a.FanOut.FramesAccepted.Should().Be((long)last);
        a.Log.Warnings.Should().Contain(w => w.EventId.Id == 4015, "A said it could not publish");
        a.Log.Errors.Should().BeEmpty();
        b.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Late_joiner_on_a_gateway_started_mid_session_gets_from_the_shared_storage_what_its_memory_missed()
    {
        var settings = PairSettings();
        await using var a = await LiveGateway.StartAsync(influx.Url, settings);
        const string session = "cons-scale-late";
        await using var device = new SimulatedDevice(a.Grpc, "ecg-scale-late", session, Ns.Now() - 60_000_000_000);
        await device.SendAsync(40); // 20 s into A before B exists
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        // A publishes to Redis behind ingestion: what it still had to publish would reach B's memory too.
        await a.WaitForRelayAsync(TimeSpan.FromSeconds(10));
        await a.WaitForRelayDrainedAsync(TimeSpan.FromSeconds(20));

        await using var b = await LiveGateway.StartAsync(influx.Url, settings);
        await Task.WhenAll(a.WaitForRelayAsync(TimeSpan.FromSeconds(10)), b.WaitForRelayAsync(TimeSpan.FromSeconds(10)));
        await device.SendAsync(6); // 3 s more, which B's memory receives
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await b.WaitForPublishedAsync(session, 6, TimeSpan.FromSeconds(5));
        await a.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        b.Authorizer.Assign(Doctor, session);
        await using var viewer = await TestViewer.ConnectAsync(b, Doctor, messagePack: true);
        var joined = await viewer.JoinAsync(session);
        joined.HistoryFramesFromStorage.Should().BeGreaterThan(0, "B's memory only holds the last 3 s");
        await viewer.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history");
        var history = viewer.Frames;
        history.Take(joined.HistoryFramesFromStorage).Should().OnlyContain(f => f.Seq == 0, "rebuilt from the database A wrote");
        history.Skip(joined.HistoryFramesFromStorage).Select(f => f.Seq).Should().Equal(1, 2, 3, 4, 5, 6);
        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            FrameSamples.Of(history, lead).Should().Equal(FrameSamples.Of(device.Sent.Skip(26), lead), "storage then memory: exactly the last 10 s");
        }

        a.Log.Errors.Should().BeEmpty();
        b.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Gateway_starts_ingests_and_serves_its_own_viewers_when_Redis_is_unreachable()
    {
        var nobody = FreePort.Next(); // nothing listens there
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:Redis"] = $"127.0.0.1:{nobody}" });
        const string session = "cons-scale-alone";
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: false);
        await viewer.JoinAsync(session);
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-scale-alone", session, Ns.Now() - 10_000_000_000);
        await device.SendAsync(8);
        await device.DrainAsync(TimeSpan.FromSeconds(10));

        device.Acked.Should().Be(8);
        await viewer.WaitForAsync(f => f.Count >= 8, TimeSpan.FromSeconds(10), "8 frames from this gateway");
        FrameSamples.Of(viewer.Frames).Should().Equal(FrameSamples.Of(device.Sent));
        gateway.Relay.IsConnected.Should().BeFalse();
        // The relay's first connection attempt runs off the start-up path and may take its whole connect timeout.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!gateway.Log.Warnings.Any(w => w.EventId.Id is 4016 or 4015) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        gateway.Log.Warnings.Should().Contain(w => w.EventId.Id == 4016 || w.EventId.Id == 4015, "the relay says it cannot reach Redis");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("127.0.0.1:6379,abortConnect=perhaps")]
    [InlineData(",")]
    public async Task Gateway_refuses_to_start_with_an_unreadable_LiveView_Redis(string configuration)
    {
        var start = () => LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:Redis"] = configuration });
        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("LiveView:Redis");
    }

    /// <summary>Gateways A and B, started together (see <see cref="PairSettings"/>).</summary>
    private async Task<(LiveGateway A, LiveGateway B)> StartPairAsync()
    {
        var settings = PairSettings();
        var a = await LiveGateway.StartAsync(influx.Url, settings);
        LiveGateway? b = null;
        try
        {
            b = await LiveGateway.StartAsync(influx.Url, settings);
            await Task.WhenAll(a.WaitForRelayAsync(TimeSpan.FromSeconds(10)), b.WaitForRelayAsync(TimeSpan.FromSeconds(10)));
            return (a, b);
        }
        catch
        {
            await a.DisposeAsync();
            if (b is not null)
            {
                await b.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Settings of gateways A and B: one InfluxDB database, one Redis channel of their own (so
    /// tests never see each other's frames); LiveGateway gives each its data directory and ports.</summary>
    private Dictionary<string, string> PairSettings() => new()
    {
        ["Influx:Database"] = InfluxFixture.NewDatabaseName("scale"),
        ["LiveView:Redis"] = redis.ConnectionString,
        ["LiveView:RedisChannelPrefix"] = "telesante-test-" + Guid.NewGuid().ToString("N")[..8],
    };

    private static async Task<System.Text.Json.JsonElement> RelayHealthAsync(LiveGateway gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway.HttpBase };
        using var response = await http.GetAsync("/health");
        var health = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        return health.GetProperty("liveRelay");
    }
}
