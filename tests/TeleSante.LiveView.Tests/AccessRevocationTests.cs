using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Assignments;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>Access that ends while a practitioner watches ends the live view at once (issue 9, finding 1),
/// with the gateway's own access policy and audit trail, through its admin API.</summary>
public sealed class AccessRevocationTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-revoked";
    private const string Admin = "test-admin;role=administrator";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Removing_the_assignment_cuts_the_open_live_view_tells_the_viewer_and_is_audited(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        var session = "cons-unassign-" + (messagePack ? "mp" : "json");
        await gateway.Services.GetRequiredService<IAssignmentStore>().GrantAsync(session, Doctor, "test", CancellationToken.None);
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-unassign", session, Ns.Now() - 60_000_000_000);
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        await viewer.JoinAsync(session);
        await device.SendAsync(2);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await viewer.WaitForAsync(f => f.Count >= 2, TimeSpan.FromSeconds(10), "frames while assigned");

        using var admin = AdminClient(gateway);
        (await admin.DeleteAsync($"/api/admin/assignments/{session}/{Doctor}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The DELETE answers after the cut: the message is already on its way and the connection closing.
        await viewer.ClosedByServer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The client may raise Closed before its Revoked handler has run, though the message was sent first
        // (seen once under load when the queue was read at once).
        await Eventually.UntilAsync(() => !viewer.Revocations.IsEmpty, TimeSpan.FromSeconds(5), "the viewer is told why");
        viewer.Revocations.Should().ContainSingle().Which.Should().BeEquivalentTo(new LiveRevocation { SessionId = session, Reason = "access to this session was withdrawn" });
        var before = viewer.Frames.Count;
        await device.SendAsync(2);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await gateway.WaitForPublishedAsync(session, 4, TimeSpan.FromSeconds(5));
        viewer.Frames.Should().HaveCount(before, "no frame after the assignment was removed");

        // Joining again is refused.
        await using var again = await TestViewer.ConnectAsync(gateway, Doctor, messagePack);
        await ((Func<Task>)(() => again.JoinAsync(session))).Should().ThrowAsync<HubException>();

        var trail = await AuditAsync(admin, Doctor);
        trail.Should().Contain(e => e.Action == "live.recheck" && e.Outcome == "denied" && e.Resource == "session/" + session);
        trail.Should().Contain(e => e.Action == "live.revoke" && e.Resource == "session/" + session && e.Detail!.Contains("withdrawn"));
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_disabled_practitioner_is_cut_off_live_refused_over_http_and_the_hub_until_enabled_again()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        const string session = "cons-disable";
        await gateway.Services.GetRequiredService<IAssignmentStore>().GrantAsync(session, Doctor, "test", CancellationToken.None);
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-disable", session, Ns.Now() - 60_000_000_000);
        await device.SendAsync(2);
        await device.DrainAsync(TimeSpan.FromSeconds(10));
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await viewer.JoinAsync(session);
        using var doctor = new HttpClient { BaseAddress = gateway.HttpBase };
        doctor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        (await doctor.GetAsync($"/api/sessions/{session}/observations")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var admin = AdminClient(gateway);
        var disabled = await admin.PostAsync($"/api/admin/practitioners/{Doctor}/disable", null);
        disabled.StatusCode.Should().Be(HttpStatusCode.OK);
        (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("liveViewsCut").GetInt32().Should().Be(1);
        await viewer.ClosedByServer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The client may raise Closed before its Revoked handler has run, though the message was sent first
        // (seen once under load when the queue was read at once).
        await Eventually.UntilAsync(() => !viewer.Revocations.IsEmpty, TimeSpan.FromSeconds(5), "the viewer is told why");
        viewer.Revocations.Should().ContainSingle().Which.SessionId.Should().Be(session);

        (await doctor.GetAsync($"/api/sessions/{session}/observations")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the token is still valid, the practitioner is not");
        await using (var again = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true))
        {
            await ((Func<Task>)(() => again.JoinAsync(session))).Should().ThrowAsync<HubException>();
        }

        (await admin.PostAsync($"/api/admin/practitioners/{Doctor}/disable", null)).StatusCode.Should().Be(HttpStatusCode.Conflict, "already disabled");
        (await admin.PostAsync($"/api/admin/practitioners/{Doctor}/enable", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await doctor.GetAsync($"/api/sessions/{session}/observations")).StatusCode.Should().Be(HttpStatusCode.OK);

        var trail = await AuditAsync(admin, null);
        trail.Should().Contain(e => e.Action == "practitioner.disable" && e.Resource == "practitioner/" + Doctor && e.Outcome == "allowed");
        trail.Should().Contain(e => e.Action == "practitioner.enable" && e.Resource == "practitioner/" + Doctor);
        trail.Should().Contain(e => e.Actor == Doctor && e.Action == "observations.read" && e.Outcome == "denied" && e.Detail!.Contains("practitioner disabled"));
        trail.Should().Contain(e => e.Actor == Doctor && e.Action == "live.revoke");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task When_the_token_expires_the_live_view_is_cut_with_a_message()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        const string session = "cons-expiry";
        await gateway.Services.GetRequiredService<IAssignmentStore>().GrantAsync(session, Doctor, "test", CancellationToken.None);
        var expires = DateTimeOffset.UtcNow.AddSeconds(3);
        await using var viewer = await TestViewer.ConnectAsync(gateway, $"{Doctor};exp={expires.ToUnixTimeSeconds()}", messagePack: false);
        await viewer.JoinAsync(session);

        await viewer.ClosedByServer.Task.WaitAsync(TimeSpan.FromSeconds(15));
        DateTimeOffset.UtcNow.Should().BeOnOrAfter(expires.AddSeconds(-2), "cut at expiry (told up to a second ahead of SignalR's own close), not long before");
        viewer.Revocations.Should().ContainSingle().Which.Reason.Should().Be("your sign-in expired");
        using var admin = AdminClient(gateway);
        (await AuditAsync(admin, Doctor)).Should().Contain(e => e.Action == "live.revoke" && e.Detail!.Contains("expired"));
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_join_is_logged_as_a_refusal_not_as_an_error(bool messagePack)
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        await using var intruder = await TestViewer.ConnectAsync(gateway, "dr-intruder", messagePack);
        await ((Func<Task>)(() => intruder.JoinAsync("cons-not-yours"))).Should().ThrowAsync<HubException>();
        await ((Func<Task>)(() => intruder.ReplayAsync("cons-not-yours", 0, 60_000))).Should().ThrowAsync<HubException>();

        // Every entry at Error or above, whatever its exception (Log.Errors leaves nothing out).
        gateway.Log.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(e => $"{e.Category} [{e.EventId}] {e.Message} {e.Exception}").Should().BeEmpty();
        gateway.Log.Warnings.Should().Contain(w => w.EventId.Id == 4003 && w.Exception == null, "the refusal is logged once, as a warning, without a stack");
    }

    private static HttpClient AdminClient(LiveGateway gateway)
    {
        var client = new HttpClient { BaseAddress = gateway.HttpBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        return client;
    }

    private static async Task<List<AuditRow>> AuditAsync(HttpClient admin, string? actor) =>
        (await admin.GetFromJsonAsync<List<AuditRow>>("/api/admin/audit?limit=1000" + (actor is null ? "" : "&actor=" + actor), new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private sealed record AuditRow(string Actor, string Action, string Resource, string Outcome, string? Detail);
}
