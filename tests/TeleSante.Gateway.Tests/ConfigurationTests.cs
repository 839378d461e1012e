using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 10: one owner for the data directory (<c>Storage:DataDirectory</c>), the write-ahead log's settings
/// under <c>Wal</c>, and an old or mistyped key stopping the start instead of being ignored.</summary>
public sealed class ConfigurationTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static ReadingBatch Spo2(string device, string session, ulong seq)
    {
        var now = TestEcg.NowNs() - 1_000_000_000;
        var batch = new ReadingBatch { DeviceId = device, SiteId = "test-pharmacy", SessionId = session, Seq = seq, DeviceTimeNs = now };
        batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 97, Unit = "%", TimeNs = now });
        return batch;
    }

    [Fact]
    public async Task Every_store_lives_under_Storage_DataDirectory_and_the_wal_follows_the_Wal_section()
    {
        const long budget = 16L * 1024 * 1024;
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Wal:SegmentBytes"] = (4L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Wal:DiskBudgetBytes"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:CheckpointInterval"] = "00:00:00.2",
        });

        (await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-paths", "paths-session", 1)])).Single().Ack.Should().NotBeNull();
        var refused = Spo2("oxi-paths", "paths-session", 2);
        refused.Observations[0].Unit = "furlong";
        (await IngestStream.SendAllAsync(gateway.Grpc, [refused])).Single().Rejection.Should().NotBeNull();
        (await StoredRecording.DeadLettersAsync(gateway)).Should().ContainSingle();

        var health = await gateway.Http.GetFromJsonAsync<JsonElement>("/health");
        health.GetProperty("wal").GetProperty("budgetBytes").GetInt64().Should().Be(budget, "Wal:DiskBudgetBytes is the log's budget");

        var snapshot = Path.Combine(gateway.DataDirectory, "dedup.snapshot");
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        await StoredRecording.EventuallyAsync(() => Task.FromResult(File.Exists(snapshot)), written => written, TimeSpan.FromSeconds(20));

        Directory.GetFiles(Path.Combine(gateway.DataDirectory, "wal"), "*.wal").Should().NotBeEmpty();
        foreach (var store in new[] { "deadletters.db", "sessions.db", "audit.db", "clinical.db", "dev-jwt-signing.key" })
        {
            File.Exists(Path.Combine(gateway.DataDirectory, store)).Should().BeTrue($"{store} belongs in the configured data directory");
        }

        // The gateway runs in its data directory: the default "data" there would mean a store ignored the setting.
        Directory.Exists(Path.Combine(gateway.DataDirectory, "data")).Should().BeFalse();
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Theory]
    [InlineData("Ingestion:DataDirectory", "/var/lib/telesante", "DataDirectory")]
    [InlineData("Ingestion:WalDiskBudgetBytes", "1048576", "WalDiskBudgetBytes")]
    [InlineData("Storage:DataDirectroy", "/var/lib/telesante", "DataDirectroy")]
    public async Task A_key_that_is_not_a_setting_stops_the_gateway_at_start_up_with_the_key_named(string key, string value, string named)
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { [key] = value });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain($"'{named}'");
    }

    [Fact]
    public async Task The_wal_directory_is_derived_from_the_data_directory_not_configured_beside_it()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Wal:Directory"] = "/tmp/elsewhere" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Wal:Directory").And.Contain("Storage:DataDirectory");
    }
}
