using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 14: GET /health answers from its last background check, never waiting on I/O, and says how
/// old that check is.</summary>
public sealed class HealthTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Health_answers_at_once_and_says_degraded_with_the_age_of_its_check_while_influxdb_never_answers()
    {
        // Accepts connections (the kernel completes the handshake) and never reads or answers: a hung InfluxDB.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(backlog: 64);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        await using var gateway = await GatewayProcess.StartAsync(url);

        var slowest = TimeSpan.Zero;
        async Task<JsonElement> TimedHealthAsync()
        {
            var watch = Stopwatch.StartNew();
            var health = await gateway.Http.GetFromJsonAsync<JsonElement>("/health");
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            return health;
        }

        var degraded = await Eventually.ValueAsync(TimedHealthAsync,
            h => h.GetProperty("status").GetString() == "degraded" && h.GetProperty("check").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(20), "the ping's timeout (Health:InfluxPingTimeout, 1 s) marks InfluxDB unreachable");

        slowest.Should().BeLessThan(AnswerBound, "no answer waits on InfluxDB (Influx:RequestTimeout is 30 s)");
        degraded.GetProperty("influx").GetProperty("reachable").GetBoolean().Should().BeFalse();
        degraded.GetProperty("influx").GetProperty("lastError").GetString().Should().Contain("Health:InfluxPingTimeout");
        var check = degraded.GetProperty("check");
        check.GetProperty("stale").GetBoolean().Should().BeFalse("the check keeps running while InfluxDB hangs");
        check.GetProperty("ageMs").GetInt64().Should().BeInRange(0, 10_000);
        check.GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(15));
        degraded.GetProperty("pipeline").GetProperty("deadLetters").GetInt64().Should().Be(0, "the dead-letter count comes from the same check");
        degraded.GetProperty("wal").GetProperty("full").GetBoolean().Should().BeFalse("the fields read by other tests are still there");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Health_says_ok_with_a_fresh_check_when_influxdb_answers()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var health = await Eventually.ValueAsync(gateway.HealthAsync, h => h.GetProperty("check").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(20), "a first check");
        health.GetProperty("status").GetString().Should().Be("ok");
        health.GetProperty("influx").GetProperty("reachable").GetBoolean().Should().BeTrue();
        health.GetProperty("check").GetProperty("stale").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_stale_limit_shorter_than_a_check_stops_the_gateway_at_start_up()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Health:StaleAfter"] = "00:00:02" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Health:StaleAfter");
    }
}
