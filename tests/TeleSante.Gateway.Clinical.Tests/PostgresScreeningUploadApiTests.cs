using Npgsql;
using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary><see cref="ScreeningUploadApiTests"/> with the gateway's clinical store on a real PostgreSQL 15 (a new database per test).</summary>
public sealed class PostgresScreeningUploadApiTests(InfluxFixture influx, PostgresFixture postgres)
    : ScreeningUploadApiTests(influx), IClassFixture<InfluxFixture>, IClassFixture<PostgresFixture>
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
