using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary><see cref="ClinicalApiTests"/> on the default clinical store: SQLite, <c>clinical.db</c> in the gateway's data directory.</summary>
public sealed class SqliteClinicalApiTests(InfluxFixture influx) : ClinicalApiTests(influx), IClassFixture<InfluxFixture>
{
    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    [Fact]
    public async Task A_postgresql_clinical_store_without_a_connection_string_stops_the_gateway_at_start_up()
    {
        var start = async () => await GatewayProcess.StartAsync(Influx.Url, new Dictionary<string, string> { ["ClinicalStore:Provider"] = "PostgreSql" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("ClinicalStore:ConnectionString");
    }

    [Fact]
    public async Task An_expiry_sweep_interval_out_of_range_stops_the_gateway_at_start_up()
    {
        var start = async () => await GatewayProcess.StartAsync(Influx.Url, new Dictionary<string, string> { ["TeleExpertise:ExpirySweepInterval"] = "00:00:00.5" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("TeleExpertise:ExpirySweepInterval");
    }
}
