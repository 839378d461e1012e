using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Vitals alerts raised by the gateway (issue 12) from readings streamed over gRPC into the real gateway (influxd,
/// SQLite clinical store, its own access policy and audit trail where stated): one alert per episode, within 1 s of
/// the device's acknowledgement, stored, audited, pushed to the session's viewers, listed and acknowledged.
/// </summary>
public sealed class VitalAlertTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-alert";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_low_spo2_raises_one_alert_per_episode_within_a_second_of_the_ack_stored_and_audited(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        var session = "cons-alert-" + (messagePack ? "mp" : "json");
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await AlertViewer.JoinAsync(gateway, Doctor, session, messagePack);
        await using var oximeter = new VitalsDevice(gateway.Grpc, "oxi-alert", session);
        var t0 = Ns.Now() - 10_000_000_000;

        await oximeter.SendAsync(t0, (CodeCatalog.SpO2, 97, "%"));
        await oximeter.SendAsync(t0 + 1_000_000_000, (CodeCatalog.SpO2, 85, "%"));
        var acked = Stopwatch.GetTimestamp();
        var (raised, received) = await viewer.WaitForAsync(1, TimeSpan.FromSeconds(5), "the alert of SpO2 85 %");
        var latency = Stopwatch.GetElapsedTime(acked, received);
        output.WriteLine($"device ack → Alert at the viewer ({(messagePack ? "MessagePack" : "JSON")}): {latency.TotalMilliseconds:F1} ms");
        latency.Should().BeLessThan(TimeSpan.FromSeconds(1), "issue 12: an alert within 1 s of the reading");
        raised.Should().BeEquivalentTo(new VitalAlert
        {
            SessionId = session, DeviceId = "oxi-alert", RefId = "MDC_PULS_OXIM_SAT_O2", MdcCode = CodeCatalog.SpO2, Label = "SpO2", Severity = "high",
            Direction = VitalAlert.BelowDirection, Limit = 92, RuleUnit = "%", Value = 85, Unit = "%", MeasuredAtNs = t0 + 1_000_000_000,
        }, o => o.Excluding(a => a.Id).Excluding(a => a.RaisedAtNs));
        raised.RaisedAtNs.Should().BeGreaterThan(0);

        // Still low: the same episode, no second alert. Back in range: the episode ends. Low again: a new alert.
        await oximeter.SendAsync(t0 + 2_000_000_000, (CodeCatalog.SpO2, 84, "%"));
        await oximeter.SendAsync(t0 + 3_000_000_000, (CodeCatalog.SpO2, 83, "%"));
        await oximeter.SendAsync(t0 + 4_000_000_000, (CodeCatalog.SpO2, 95, "%"));
        var (ended, _) = await viewer.WaitForAsync(2, TimeSpan.FromSeconds(5), "the end of the episode");
        ended.Id.Should().Be(raised.Id, "84 and 83 % belong to the episode opened at 85 %");
        ended.EndedAtNs.Should().Be(t0 + 4_000_000_000);
        await oximeter.SendAsync(t0 + 5_000_000_000, (CodeCatalog.SpO2, 88, "%"));
        var (second, _) = await viewer.WaitForAsync(3, TimeSpan.FromSeconds(5), "the alert of the second episode");
        second.Id.Should().NotBe(raised.Id);
        second.Value.Should().Be(88);

        using var http = Client(gateway, Doctor);
        var list = await http.GetFromJsonAsync<AlertList>($"/api/sessions/{session}/alerts", Json);
        list!.Alerts.Select(a => (a.Id, a.Value, a.EndedAtNs)).Should().Equal((second.Id, 88, null), (raised.Id, 85, t0 + 4_000_000_000));
        viewer.Alerts.Should().HaveCount(3, "one alert per episode, plus the end of the first");
        var trail = await gateway.Services.GetRequiredService<IAuditTrail>().QueryAsync("gateway", "session/" + session, 100, CancellationToken.None);
        trail.Where(e => e.Entry.Action == "vital-alert.raise").Select(e => e.Entry.Detail).Should().HaveCount(2)
            .And.Contain(d => d!.StartsWith(raised.Id + ": MDC_PULS_OXIM_SAT_O2 85 %", StringComparison.Ordinal));
        gateway.Authorizer.Decisions.Should().Contain(d => d.Action == "vital-alert.list" && d.User == Doctor && d.Allowed);
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Readings_in_another_accepted_unit_are_converted_to_the_rule_unit()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-alert-units";
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await AlertViewer.JoinAsync(gateway, Doctor, session, messagePack: false);
        await using var device = new VitalsDevice(gateway.Grpc, "multi-units", session);
        var t0 = Ns.Now() - 10_000_000_000;
        // 100.9 °F = 38.28 °C (below 38.5: no alert); 101.4 °F = 38.56 °C; 70 mg/dL glucose = 3.89 mmol/L (< 3.9);
        // 19 kPa systolic = 142.5 mmHg (no alert); 24 kPa = 180.0 mmHg (at or above 180).
        await device.SendAsync(t0, (CodeCatalog.BodyTemperature, 100.9, "[degF]"), (CodeCatalog.BpSystolic, 19, "kPa"));
        await device.SendAsync(t0 + 1_000_000_000, (CodeCatalog.BodyTemperature, 101.4, "[degF]"), (CodeCatalog.CapillaryGlucose, 70, "mg/dL"), (CodeCatalog.BpSystolic, 24, "kPa"));
        // A sentinel alert from another device: alerts reach a viewer in the order they are raised, so once it is
        // there, an alert for 100.9 °F or 19 kPa (in range) would have arrived before it.
        await using (var oximeter = new VitalsDevice(gateway.Grpc, "oxi-sentinel", session))
        {
            await oximeter.SendAsync(t0 + 2_000_000_000, (CodeCatalog.SpO2, 80, "%"));
        }

        await Eventually.UntilAsync(() => viewer.Alerts.Any(a => a.Alert.DeviceId == "oxi-sentinel"), TimeSpan.FromSeconds(5), "the sentinel alert");
        viewer.Alerts.Where(a => a.Alert.DeviceId == "oxi-sentinel").Should().ContainSingle();
        viewer.Alerts.Where(a => a.Alert.DeviceId == "multi-units").Select(a => (a.Alert.RefId, a.Alert.Value, a.Alert.Unit, a.Alert.Direction, a.Alert.Limit, a.Alert.RuleUnit)).Should().BeEquivalentTo(new[]
        {
            ("MDC_TEMP_BODY", 101.4, "[degF]", VitalAlert.AtOrAboveDirection, 38.5, "Cel"),
            ("MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", 70.0, "mg/dL", VitalAlert.BelowDirection, 3.9, "mmol/L"),
            ("MDC_PRESS_BLD_NONINV_SYS", 24.0, "kPa", VitalAlert.AtOrAboveDirection, 180.0, "mm[Hg]"),
        });
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task An_assigned_practitioner_acknowledges_once_an_unassigned_one_is_refused_and_both_are_audited()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        const string session = "cons-alert-ack";
        const string colleague = "dr-alert-2";
        const string stranger = "dr-not-assigned";
        var assignments = gateway.Services.GetRequiredService<IAssignmentStore>();
        await assignments.GrantAsync(session, Doctor, "test", CancellationToken.None);
        await assignments.GrantAsync(session, colleague, "test", CancellationToken.None);
        await using var viewer = await AlertViewer.JoinAsync(gateway, colleague, session, messagePack: true);
        await using var cuff = new VitalsDevice(gateway.Grpc, "cuff-alert", session);
        await cuff.SendAsync(Ns.Now() - 5_000_000_000, (CodeCatalog.BpSystolic, 196, "mm[Hg]"), (CodeCatalog.BpDiastolic, 100, "mm[Hg]"));
        var (alert, _) = await viewer.WaitForAsync(1, TimeSpan.FromSeconds(5), "the alert of systolic 196");

        using var strangerHttp = Client(gateway, stranger);
        var refused = await strangerHttp.PostAsync($"/api/sessions/{session}/alerts/{alert.Id}/ack", null);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await strangerHttp.GetAsync($"/api/sessions/{session}/alerts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var doctorHttp = Client(gateway, Doctor);
        var before = DateTimeOffset.UtcNow;
        var ack = await doctorHttp.PostAsync($"/api/sessions/{session}/alerts/{alert.Id}/ack", null);
        ack.StatusCode.Should().Be(HttpStatusCode.OK);
        var acknowledged = await ack.Content.ReadFromJsonAsync<AlertDto>(Json);
        acknowledged!.AcknowledgedBy.Should().Be(Doctor);
        DateTimeOffset.FromUnixTimeMilliseconds(acknowledged.AcknowledgedAtNs!.Value / 1_000_000).Should().BeCloseTo(before, TimeSpan.FromSeconds(5));
        var (pushed, _) = await viewer.WaitForAsync(2, TimeSpan.FromSeconds(5), "the acknowledgement reaches the other viewer");
        pushed.Id.Should().Be(alert.Id);
        pushed.AcknowledgedBy.Should().Be(Doctor);

        using var colleagueHttp = Client(gateway, colleague);
        var twice = await colleagueHttp.PostAsync($"/api/sessions/{session}/alerts/{alert.Id}/ack", null);
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await twice.Content.ReadAsStringAsync()).Should().Contain($"already acknowledged by {Doctor}");
        (await colleagueHttp.PostAsync($"/api/sessions/{session}/alerts/alert-unknown/ack", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var list = await colleagueHttp.GetFromJsonAsync<AlertList>($"/api/sessions/{session}/alerts", Json);
        list!.Alerts.Should().ContainSingle().Which.AcknowledgedBy.Should().Be(Doctor, "the second acknowledgement changed nothing");

        var audit = gateway.Services.GetRequiredService<IAuditTrail>();
        (await audit.QueryAsync(stranger, null, 100, CancellationToken.None)).Select(e => e.Entry).Should().Contain(e => e.Action == "vital-alert.ack" && e.Outcome == "denied")
            .And.Contain(e => e.Action == "vital-alert.list" && e.Outcome == "denied");
        (await audit.QueryAsync(Doctor, null, 100, CancellationToken.None)).Select(e => e.Entry).Should().Contain(e => e.Action == "vital-alert.acknowledged" && e.Outcome == "allowed" && e.Detail!.StartsWith(alert.Id, StringComparison.Ordinal));
        (await audit.QueryAsync(colleague, null, 100, CancellationToken.None)).Select(e => e.Entry).Should().Contain(e => e.Action == "vital-alert.acknowledged" && e.Outcome == "failed" && e.Detail!.Contains("already acknowledged"));
        gateway.Log.Errors.Should().BeEmpty();
    }

    private static HttpClient Client(LiveGateway gateway, string user)
    {
        var client = new HttpClient { BaseAddress = gateway.HttpBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user);
        return client;
    }

    private sealed record AlertList(string SessionId, List<AlertDto> Alerts);

    private sealed record AlertDto(string Id, double Value, [property: System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)] long? EndedAtNs,
        string? AcknowledgedBy, [property: System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)] long? AcknowledgedAtNs);
}
