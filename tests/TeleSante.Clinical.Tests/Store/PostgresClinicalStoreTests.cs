using Npgsql;
using TeleSante.Clinical.Store;
using TeleSante.Testing;

namespace TeleSante.Clinical.Tests.Store;

/// <summary>The store suite on a real PostgreSQL 15 (<see cref="PostgresFixture"/>): a new database per test.</summary>
public sealed class PostgresClinicalStoreTests(PostgresFixture postgres) : ClinicalStoreContract, IClassFixture<PostgresFixture>
{
    private readonly List<string> _databases = [];

    protected override async Task<ClinicalDatabase> CreateDatabaseAsync()
    {
        var name = $"clinical_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        _databases.Add(name);
        return new ClinicalDatabase(ClinicalProvider.PostgreSql, postgres.Server.ConnectionString(name));
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString());
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
