using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary><see cref="FundusWorklistApiTests"/> on the default clinical store: SQLite in the gateway's data directory.</summary>
public sealed class SqliteFundusWorklistApiTests(InfluxFixture influx) : FundusWorklistApiTests(influx), IClassFixture<InfluxFixture>
{
    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}
