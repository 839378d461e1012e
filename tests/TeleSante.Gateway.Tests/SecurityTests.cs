using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class SecurityTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly Dictionary<string, string> Secure = new() { ["Security:DeviceAuthentication"] = "true" };

    internal static Metadata DeviceHeaders(string id, string token) => new() { { "x-telesante-device", id }, { "x-telesante-token", token } };

    private static Task<List<BatchResult>> SendAsync(GatewayProcess gateway, Metadata headers, params ReadingBatch[] batches) => SendAsync(gateway.Grpc, headers, batches);

    internal static Task<List<BatchResult>> SendAsync(GrpcChannel channel, Metadata headers, params ReadingBatch[] batches) => IngestStream.SendAllAsync(channel, batches, headers);

    private static async Task<List<JsonElement>> AuditAsync(GatewayProcess gateway, string? actor = null) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000" + (actor is null ? "" : "&actor=" + actor))).EnumerateArray()];

    [Fact]
    public async Task A_practitioner_sees_only_assigned_sessions_and_every_attempt_is_audited()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 30_000_000_000;
        await GrpcIngestionTests.SendAllAsync(gateway, TestEcg.Batches(TestEcg.Recorder("ecg-a", "session-a", start, leads: 1), 2));
        await GrpcIngestionTests.SendAllAsync(gateway, TestEcg.Batches(TestEcg.Recorder("ecg-b", "session-b", start, leads: 1), 2));
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await gateway.AssignAsync("session-a", "dr-a");
        await gateway.AssignAsync("session-b", "dr-b");

        using var drA = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        drA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("dr-a", "specialist"));
        var range = $"from={start}&to={start + 2_000_000_000}";

        (await drA.GetAsync($"/api/sessions/session-a/waveforms?{range}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await drA.GetAsync($"/api/sessions/session-b/waveforms?{range}")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "dr-a is not assigned to B's session");
        (await drA.GetAsync("/api/sessions/session-b/observations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await drA.GetAsync("/api/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "dead letters are for administrators");
        (await drA.PostAsJsonAsync("/api/admin/assignments", new { sessionId = "session-b", practitionerId = "dr-a" })).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "a specialist cannot assign himself");
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        (await anonymous.GetAsync($"/api/sessions/session-a/waveforms?{range}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var trail = await AuditAsync(gateway, "dr-a");
        trail.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("outcome").GetString()))
            .Should().Contain([("recording.read", "session/session-a", "allowed"), ("recording.read", "session/session-b", "denied"), ("observations.read", "session/session-b", "denied"),
                ("practitioner.authorize", "/api/dead-letters", "denied"), ("practitioner.authorize", "/api/admin/assignments", "denied")]);
        trail.Should().OnlyContain(e => e.GetProperty("remote").GetString()!.Length > 0, "where the access came from is recorded");
        (await AuditAsync(gateway, "test-admin")).Select(e => e.GetProperty("action").GetString()).Should().Contain("assignment.grant");
    }

    [Fact]
    public async Task A_site_operator_sees_the_sessions_of_their_own_site_only()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 30_000_000_000;
        await GrpcIngestionTests.SendAllAsync(gateway, TestEcg.Batches(TestEcg.Recorder("ecg-site", "session-site", start, leads: 1), 1)); // site "test-pharmacy"
        using var operatorHere = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        operatorHere.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharmacist-1", "site-operator", "test-pharmacy"));
        using var operatorElsewhere = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        operatorElsewhere.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharmacist-2", "site-operator", "other-pharmacy"));

        (await operatorHere.GetAsync("/api/sessions/session-site/observations")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await operatorElsewhere.GetAsync("/api/sessions/session-site/observations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Devices_must_authenticate_may_send_only_for_themselves_and_revocation_cuts_them_off()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var token = await gateway.RegisterDeviceAsync("ecg-secure", "ecg", "test-pharmacy");
        var otherToken = await gateway.RegisterDeviceAsync("ecg-other", "ecg", "test-pharmacy");
        var start = TestEcg.NowNs() - 30_000_000_000;
        var own = TestEcg.Batches(TestEcg.Recorder("ecg-secure", "secure", start, leads: 1), 3);
        var foreign = TestEcg.Recorder("ecg-other", "secure", start, leads: 1).NextBatch();

        var anonymous = async () => await SendAsync(gateway, [], own[0]);
        (await anonymous.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        var wrongToken = async () => await SendAsync(gateway, DeviceHeaders("ecg-secure", otherToken), own[0]);
        (await wrongToken.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);

        var answers = await SendAsync(gateway, DeviceHeaders("ecg-secure", token), own[0], foreign, own[1]);
        answers[0].Ack.Should().NotBeNull();
        answers[1].Rejection.Reason.Should().Be(RejectReason.DeviceMismatch, "ecg-secure may not post for ecg-other");
        answers[2].Ack.Should().NotBeNull();
        (await AuditAsync(gateway, "ecg-secure")).Should().Contain(e => e.GetProperty("action").GetString() == "batch.submit" && e.GetProperty("outcome").GetString() == "denied");

        // A live stream is cut when the device is revoked, and the next batch is refused with a clear status.
        using var call = new Ingest.IngestClient(gateway.Grpc).Stream(DeviceHeaders("ecg-secure", token));
        await call.RequestStream.WriteAsync(own[2]);
        (await call.ResponseStream.MoveNext(CancellationToken.None)).Should().BeTrue();
        (await gateway.Admin.PostAsync("/api/admin/devices/ecg-secure/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var next = async () => await call.ResponseStream.MoveNext(CancellationToken.None);
        (await next.Should().ThrowAsync<RpcException>("the revoked device's stream is ended by the gateway")).Which.Status
            .Should().Match<Status>(s => s.StatusCode == StatusCode.Unauthenticated && s.Detail.Contains("revoked"), "a revoked stream never ends as OK");
        // The next stream is refused at once; read its status without writing first (a write racing the
        // refusal can fail on the transport before the status arrives, with an empty detail).
        using var refused = new Ingest.IngestClient(gateway.Grpc).Stream(DeviceHeaders("ecg-secure", token));
        var afterRevoke = async () => await refused.ResponseStream.MoveNext(CancellationToken.None);
        (await afterRevoke.Should().ThrowAsync<RpcException>()).Which.Status
            .Should().Match<Status>(s => s.StatusCode == StatusCode.Unauthenticated && s.Detail.Contains("is revoked"));
    }

    [Fact]
    public async Task Mqtt_devices_authenticate_with_their_credential_and_cannot_publish_for_another_device()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var token = await gateway.RegisterDeviceAsync("cuff-secure", "bp-cuff", "site-9");
        var t = DateTimeOffset.UtcNow.ToString("O");
        var reading = $$"""{"seq":1,"sessionId":"mqtt-secure","deviceTime":"{{t}}","observations":[{"mdc":150021,"value":131,"unit":"mm[Hg]","time":"{{t}}"}]}""";

        var anonymous = async () => await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-9/cuff-secure/vitals", reading);
        await anonymous.Should().ThrowAsync<InvalidOperationException>("an unknown client is refused at CONNECT");

        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-9/cuff-secure/vitals", reading, username: "cuff-secure", password: token);
        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "mqtt-secure"), o => o.Count == 1, TimeSpan.FromSeconds(10));
        stored.Single().GetProperty("value").GetDouble().Should().Be(131);

        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-9/cuff-other/vitals", reading.Replace("\"seq\":1", "\"seq\":2"), username: "cuff-secure", password: token);
        var letters = await StoredRecording.DeadLettersAsync(gateway);
        letters.Should().ContainSingle(l => l.GetProperty("reason").GetString() == "DeviceMismatch");
        (await AuditAsync(gateway, "cuff-secure")).Should().Contain(e => e.GetProperty("outcome").GetString() == "denied" && e.GetProperty("resource").GetString() == "device/cuff-other");
    }

    [Fact]
    public async Task A_flood_of_refused_tokens_from_one_address_is_recorded_up_to_the_limit_then_counted()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Security:RefusedAuditPerAddress"] = "5",
            ["Security:RefusedAuditWindow"] = "00:00:03",
        });
        var forged = Jwt(RandomNumberGenerator.GetBytes(32), "dr-forger", "administrator", DateTimeOffset.UtcNow.AddHours(1));
        using var attacker = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        for (var i = 0; i < 30; i++)
        {
            (await attacker.GetAsync("/api/sessions/x/observations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "every forged request is refused");
        }

        (await AuditAsync(gateway, "anonymous")).Should().HaveCount(5, "the first 5 in the window are recorded one by one");

        // The flood stops: the count is written when the window ends, without waiting for another attempt.
        var trail = await StoredRecording.EventuallyAsync(() => AuditAsync(gateway, "anonymous"), t => t.Count >= 6, TimeSpan.FromSeconds(15));
        trail.Should().HaveCount(6, "5 entries and the summary of the window");
        trail.Should().ContainSingle(e => e.GetProperty("resource").GetString() == "address/127.0.0.1"
            && e.GetProperty("action").GetString() == "practitioner.authenticate"
            && e.GetProperty("detail").GetString()!.StartsWith("25 further refused attempts", StringComparison.Ordinal));
        (await attacker.GetAsync("/api/sessions/x/observations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await AuditAsync(gateway, "anonymous")).Should().HaveCount(7, "a new window records attempts one by one again");
        (await gateway.Admin.GetAsync("/api/admin/audit/verify")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refused_practitioner_authentication_is_audited_as_anonymous_once_per_request_without_the_token()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var key = await File.ReadAllBytesAsync(Path.Combine(gateway.DataDirectory, "dev-jwt-signing.key"));
        var now = DateTimeOffset.UtcNow;
        var forged = Jwt(RandomNumberGenerator.GetBytes(32), "dr-forger", "administrator", now.AddHours(1));
        var expired = Jwt(key, "dr-late", "specialist", now.AddHours(-1));
        var valid = Jwt(key, "admin-2", "administrator", now.AddHours(1));

        async Task<HttpStatusCode> GetAsync(string path, string? token)
        {
            using var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.GetAsync(path);
            return response.StatusCode;
        }

        (await GetAsync("/api/admin/devices", valid)).Should().Be(HttpStatusCode.OK, "the same way of making tokens, with the right key and in time, is accepted");
        (await GetAsync("/api/sessions/x/waveforms?from=0&to=1", forged)).Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("/api/sessions/x/waveforms", expired)).Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("/api/sessions/y/observations", null)).Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("/api/dead-letters", "not-a-jwt")).Should().Be(HttpStatusCode.Unauthorized);
        using (var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress })
        {
            // Browsers put the hub's token in the query string, which must not reach the audit trail.
            using var negotiate = await anonymous.PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={forged}", null);
            negotiate.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await GetAsync("/health", forged)).Should().Be(HttpStatusCode.OK, "anonymous endpoints ignore the token and are not audited");
        (await GetAsync("/viewer/index.html", forged)).Should().Be(HttpStatusCode.OK);

        var trail = await AuditAsync(gateway, "anonymous");
        trail.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("detail").GetString()))
            .Reverse().Should().Equal(
                ("practitioner.authenticate", "/api/sessions/x/waveforms", "denied", "invalid signature"),
                ("practitioner.authenticate", "/api/sessions/x/waveforms", "denied", "token expired"),
                ("practitioner.authenticate", "/api/sessions/y/observations", "denied", "no bearer token"),
                ("practitioner.authenticate", "/api/dead-letters", "denied", "malformed token"),
                ("practitioner.authenticate", "/hubs/live/negotiate", "denied", "invalid signature"));
        trail.Should().OnlyContain(e => e.GetProperty("remote").GetString() == "127.0.0.1");

        // An unverified token's subject is not an identity, and no token (or part of one) is kept.
        var everything = JsonSerializer.Serialize(await AuditAsync(gateway));
        foreach (var secret in new[] { forged, expired, valid }.SelectMany(t => t.Split('.')).Append("dr-forger").Append("dr-late"))
        {
            everything.Should().NotContain(secret);
        }
    }

    /// <summary>An HS256 JWT as the development issuer makes them (issuer telesante-dev, audience telesante).</summary>
    private static string Jwt(byte[] key, string subject, string role, DateTimeOffset expires)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = "telesante-dev", aud = "telesante", sub = subject, role,
            iat = expires.AddHours(-2).ToUnixTimeSeconds(), nbf = expires.AddHours(-2).ToUnixTimeSeconds(), exp = expires.ToUnixTimeSeconds(),
        }));
        return $"{header}.{payload}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)))}";
    }

    [Fact]
    public async Task The_audit_trail_cannot_be_altered_through_the_api_and_tampering_with_the_database_is_detected()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        await gateway.AssignAsync("audited-session", "dr-x");
        (await gateway.Admin.GetAsync("/api/dead-letters")).EnsureSuccessStatusCode();
        var entries = await AuditAsync(gateway);
        entries.Should().HaveCountGreaterThanOrEqualTo(2);
        (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit/verify")).GetProperty("intact").GetBoolean().Should().BeTrue();

        (await gateway.Admin.DeleteAsync("/api/admin/audit")).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await gateway.Admin.PutAsJsonAsync("/api/admin/audit", new { })).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);

        // Someone with file access rewrites history directly in SQLite: the hash chain exposes it.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDirectory, "audit.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit SET actor = 'someone-else' WHERE id = 1";
            command.ExecuteNonQuery().Should().Be(1);
        }

        (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit/verify")).GetProperty("intact").GetBoolean().Should().BeFalse();
    }
}
