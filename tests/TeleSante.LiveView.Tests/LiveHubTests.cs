using Microsoft.AspNetCore.SignalR;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>The hub as a practitioner's client sees it, over real WebSockets, JSON and MessagePack.</summary>
public sealed class LiveHubTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-martin";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Assigned_practitioner_receives_the_session_frames_in_order_with_every_sample(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        var session = "cons-order-" + (messagePack ? "mp" : "json");
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        var joined = await viewer.JoinAsync(session);
        joined.HistoryFrames.Should().Be(0, "nothing was recorded yet");
        joined.Alerts.Should().Contain(a => a.RefId == "MDC_PULS_OXIM_SAT_O2" && a.Below == 92);

        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-order", session, Ns.Now() - 30_000_000_000);
        await device.SendAsync(40); // 20 s of 12 leads at 500 Hz, as fast as the gateway acknowledges
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        await viewer.WaitForAsync(f => f.Count >= 40, TimeSpan.FromSeconds(10), "40 frames");

        var frames = viewer.Frames;
        frames.Should().HaveCount(40);
        frames.Select(f => f.Seq).Should().Equal(Enumerable.Range(1, 40).Select(i => (long)i), "frame numbers increase by one: none missed, none reordered");
        frames.Select(f => f.BatchSeq).Should().Equal(device.Sent.Select(b => b.Seq), "the device's batches in the order it sent them");
        frames.Should().OnlyContain(f => f.Source == LiveFrame.LiveSource && f.Gap == null && f.SessionId == session);
        for (var i = 1; i < frames.Count; i++)
        {
            frames[i].Waveforms[0].StartTimeNs.Should().Be(frames[i - 1].Waveforms[0].EndTimeNs, "each chunk starts where the previous one ended");
        }

        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            FrameSamples.Of(frames, lead).Should().Equal(FrameSamples.Of(device.Sent, lead), $"lead {CodeCatalog.FindWaveform(lead)!.Label} arrives sample for sample");
        }

        var first = frames[0].Waveforms[0].Channels;
        first.Select(c => c.Label).Should().Equal("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        first.Should().OnlyContain(c => c.Gain == 1000 && c.Unit == "mV" && c.Baseline == 0);
        frames.Should().OnlyContain(f => f.DeviceTimeNs > 0 && f.AcceptedTimeNs > 0);
        gateway.Authorizer.Decisions.Should().ContainSingle(d => d.Action == LiveViewHub.JoinAction && d.User == Doctor && d.Allowed && d.Remote == "127.0.0.1");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Practitioner_not_assigned_to_the_session_can_neither_join_nor_replay_it(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        gateway.Authorizer.Assign(Doctor, "cons-mine");
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-secret", "cons-secret", Ns.Now() - 10_000_000_000);
        await device.SendAsync(4);
        await device.DrainAsync(TimeSpan.FromSeconds(10));

        await using var intruder = await TestViewer.ConnectAsync(gateway, "dr-other", messagePack);
        var join = () => intruder.JoinAsync("cons-secret");
        (await join.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("not allowed to view session 'cons-secret'");
        var replay = () => intruder.ReplayAsync("cons-secret", 0, 60_000);
        await replay.Should().ThrowAsync<HubException>();

        // Anonymous: refused at the join (or, once the hub is mapped with RequireAuthorization, at the connection).
        TestViewer? anonymous = null;
        try
        {
            anonymous = await TestViewer.ConnectAsync(gateway, user: null, messagePack);
            await ((Func<Task>)(() => anonymous.JoinAsync("cons-secret"))).Should().ThrowAsync<HubException>();
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
        }

        // Assigned elsewhere is not enough either, and nothing of the session reached the refused viewers.
        await using var doctor = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        await ((Func<Task>)(() => doctor.JoinAsync("cons-secret"))).Should().ThrowAsync<HubException>();
        await device.SendAsync(2);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        // Absence without a guessed wait: the fan-out has handed all six frames to whoever subscribed, and
        // no connection holds a subscription (every join was refused), so no frame is on its way to anyone.
        await gateway.WaitForPublishedAsync("cons-secret", 6, TimeSpan.FromSeconds(10));
        gateway.Subscriptions.Should().Be(0, "a refused join subscribes nobody");
        intruder.Frames.Should().BeEmpty();
        (anonymous?.Frames ?? []).Should().BeEmpty();
        doctor.Frames.Should().BeEmpty();
        if (anonymous is not null)
        {
            await anonymous.DisposeAsync();
        }

        gateway.Authorizer.Decisions.Should().Contain(d => d.User == "dr-other" && d.Action == LiveViewHub.JoinAction && !d.Allowed);
        gateway.Authorizer.Decisions.Should().Contain(d => d.User == "dr-other" && d.Action == LiveViewHub.ReplayAction && !d.Allowed);
        gateway.Authorizer.Decisions.Should().NotContain(d => d.Allowed, "nobody here may see cons-secret");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Late_joiner_gets_the_last_ten_seconds_at_once_then_live_frames_without_a_hole()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-late";
        gateway.Authorizer.Assign(Doctor, session);
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-late", session, Ns.Now() - 60_000_000_000);
        await device.SendAsync(60); // 30 s recorded before the practitioner arrives
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        await gateway.WaitForPublishedAsync(session, 60, TimeSpan.FromSeconds(5));

        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        var joinedAt = DateTime.UtcNow;
        var joined = await viewer.JoinAsync(session);
        joined.LateJoinSeconds.Should().Be(10);
        joined.HistoryFramesFromStorage.Should().Be(0, "memory holds the last 10 s");
        await viewer.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history");
        var history = viewer.Received.Take(joined.HistoryFrames).ToList();
        var fillTime = history.Max(h => h.ReceivedUtc) - joinedAt;

        history.Should().OnlyContain(h => h.Frame.Source == LiveFrame.HistorySource);
        var expected = FrameSamples.Of(device.Sent.Skip(40)); // the last 20 half-second chunks
        FrameSamples.Of(history.Select(h => h.Frame)).Should().Equal(expected, "exactly the last 10 s of lead II");
        // Behaviour, not a latency target: 10 s of history arrives in less than the 10 s it covers.
        fillTime.Should().BeLessThan(TimeSpan.FromSeconds(joined.LateJoinSeconds), "the screen fills at once, not at the pace of the signal");

        await device.SendAsync(3);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await viewer.WaitForAsync(f => f.Count >= joined.HistoryFrames + 3, TimeSpan.FromSeconds(5), "live frames after the history");
        var frames = viewer.Frames;
        var live = frames.Skip(joined.HistoryFrames).ToList();
        live.Should().OnlyContain(f => f.Source == LiveFrame.LiveSource);
        live.Select(f => f.Seq).Should().Equal(61, 62, 63);
        frames[joined.HistoryFrames - 1].Seq.Should().Be(60, "history ends with the last frame before the join");
        FrameSamples.Of(frames).Should().Equal(FrameSamples.Of(device.Sent.Skip(40)), "history and live join without a hole or a double");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Late_joiner_gets_from_storage_what_memory_no_longer_holds()
    {
        // Memory keeps 3 s per device; the late-join window is 10 s: storage supplies the first 7 s.
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:RingSeconds"] = "3" });
        const string session = "cons-storage";
        gateway.Authorizer.Assign(Doctor, session);
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-storage", session, Ns.Now() - 60_000_000_000);
        await device.SendAsync(40);
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: false);
        var joined = await viewer.JoinAsync(session);
        joined.HistoryFramesFromStorage.Should().BeGreaterThan(0);
        await viewer.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history");
        var history = viewer.Frames;
        history.Should().OnlyContain(f => f.Source == LiveFrame.HistorySource);
        history.Take(joined.HistoryFramesFromStorage).Should().OnlyContain(f => f.Seq == 0, "frames rebuilt from storage have no live number");
        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            FrameSamples.Of(history, lead).Should().Equal(FrameSamples.Of(device.Sent.Skip(20), lead), "storage then memory: exactly the last 10 s");
        }

        gateway.Log.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Review_mode_replays_the_stored_samples_exactly_and_keeps_a_hole_in_the_recording_a_hole(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        var session = "cons-review-" + (messagePack ? "mp" : "json");
        gateway.Authorizer.Assign(Doctor, session);
        var start = Ns.NowWholeMs() - 120_000_000_000;
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-review", session, start);
        // 30 s recorded, but the device lost its link for chunks 20-23 (10.0 s to 12.0 s): never sent.
        await device.SendAsync(60, keep: b => b.Seq is < 21 or > 24);
        await device.DrainAsync(TimeSpan.FromSeconds(20));
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        var fromMs = start / 1_000_000;
        var frames = await viewer.ReplayAsync(session, fromMs, fromMs + 30_000);

        frames.Should().NotBeEmpty();
        frames.Should().OnlyContain(f => f.Source == LiveFrame.ReplaySource && f.SessionId == session);
        frames.Select(f => f.Seq).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            FrameSamples.Of(frames, lead).Should().Equal(FrameSamples.Of(device.Sent, lead), "the replay returns the stored samples exactly");
        }

        var chunks = frames.SelectMany(f => f.Waveforms).OrderBy(c => c.StartTimeNs).ToList();
        var holes = chunks.Zip(chunks.Skip(1)).Where(p => p.Second.StartTimeNs != p.First.EndTimeNs).ToList();
        holes.Should().ContainSingle("the recording has one hole");
        holes[0].First.EndTimeNs.Should().Be(start + 10_000_000_000);
        holes[0].Second.StartTimeNs.Should().Be(start + 12_000_000_000);
        gateway.Authorizer.Decisions.Should().Contain(d => d.Action == LiveViewHub.ReplayAction && d.Allowed);

        // Half a page: the range is exact to the sample.
        var part = await viewer.ReplayAsync(session, fromMs + 1_000, fromMs + 6_000);
        FrameSamples.Of(part).Should().Equal(FrameSamples.Of(device.Sent).Skip(500).Take(2_500));
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_device_event_reaches_the_viewer_live_and_in_review_with_its_label_and_kind(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        var session = "cons-event-" + (messagePack ? "mp" : "json");
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        await viewer.JoinAsync(session);
        var at = Ns.NowWholeMs() - 30_000_000_000;

        await using (var cuff = new VitalsDevice(gateway.Grpc, "cuff-event", session))
        {
            await cuff.SendEventAsync(at, "cuff-loose", CodeCatalog.BpSystolic, "E1");
            // The station goes on measuring: 25 s later its frames have moved past the late joiner's 10 s window.
            await cuff.SendAsync(at + 25_000_000_000, (CodeCatalog.SpO2, 97, "%"));
        }

        await viewer.WaitForAsync(f => f.Any(x => x.Events.Length > 0), TimeSpan.FromSeconds(10), "the event frame");
        var live = viewer.Frames.Single(f => f.Events.Length > 0).Events.Single();
        live.Should().BeEquivalentTo(new LiveEvent
        {
            DeviceId = "cuff-event", Code = "cuff-loose", Label = "Cuff loose or not on the arm", Kind = "MeasurementFailed",
            MdcCode = CodeCatalog.BpSystolic, Text = "E1", TimeNs = at,
        });

        // A practitioner who joins afterwards still learns of it, although it is older than the 10 s of frames a joiner gets.
        await using var late = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        var joined = await late.JoinAsync(session);
        await late.WaitForAsync(f => f.Count >= joined.HistoryFrames, TimeSpan.FromSeconds(5), "the history");
        late.Frames.Where(f => f.Source == LiveFrame.HistorySource).SelectMany(f => f.Events).Should().ContainSingle().Which.Should().BeEquivalentTo(live);

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var replayed = await viewer.ReplayAsync(session, (at / 1_000_000) - 1_000, (at / 1_000_000) + 1_000);
        replayed.SelectMany(f => f.Events).Should().ContainSingle().Which.Should().BeEquivalentTo(live, "review mode shows stored events too");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Replay_refuses_an_empty_or_oversized_range()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:MaxReplaySeconds"] = "600" });
        gateway.Authorizer.Assign(Doctor, "cons-range");
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await ((Func<Task>)(() => viewer.ReplayAsync("cons-range", 10_000, 10_000))).Should().ThrowAsync<HubException>();
        await ((Func<Task>)(() => viewer.ReplayAsync("cons-range", 0, 601_000))).Should().ThrowAsync<HubException>();
        await ((Func<Task>)(() => viewer.JoinAsync("not a session id"))).Should().ThrowAsync<HubException>();
    }
}
