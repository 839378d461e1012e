using Npgsql;
using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary><see cref="ClinicalApiTests"/> with the gateway's clinical store on a real PostgreSQL 15 (<see cref="PostgresFixture"/>):
/// a new database per test, chosen by <c>ClinicalStore:Provider</c> and <c>ClinicalStore:ConnectionString</c>.</summary>
public sealed class PostgresClinicalApiTests(InfluxFixture influx, PostgresFixture postgres)
    : ClinicalApiTests(influx), IClassFixture<InfluxFixture>, IClassFixture<PostgresFixture>
{
    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        var name = $"clinical_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new Dictionary<string, string>
        {
            ["ClinicalStore:Provider"] = "PostgreSql",
            ["ClinicalStore:ConnectionString"] = postgres.Server.ConnectionString(name),
        };
    }
}
