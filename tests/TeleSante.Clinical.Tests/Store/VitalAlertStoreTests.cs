using Npgsql;
using TeleSante.Clinical.Store;
using TeleSante.Testing;

namespace TeleSante.Clinical.Tests.Store;

/// <summary>The vitals alerts table (migration 3) on SQLite and on a real PostgreSQL 15: an alert is stored with its
/// reading, its episode's end recorded, and acknowledged once, whoever comes second.</summary>
public sealed class VitalAlertStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData(ClinicalProvider.Sqlite)]
    [InlineData(ClinicalProvider.PostgreSql)]
    public async Task An_alert_is_stored_ended_and_acknowledged_once(ClinicalProvider provider)
    {
        var (database, drop) = await CreateAsync(provider);
        try
        {
            await database.MigrateAsync();
            var store = new VitalAlertStore(database);
            var first = new VitalAlertRow("alert-1", "cons-1", "oxi-1", "MDC_PULS_OXIM_SAT_O2", 150456, "SpO2", "high", "below", 92, "%", 85.5, "%",
                1_796_000_000_123_456_789, 1_796_000_000_500_000_000, null, null, null);
            await store.InsertAsync(first, CancellationToken.None);
            await store.InsertAsync(first with { Id = "alert-2", Value = 80, RaisedAtNs = first.RaisedAtNs + 1 }, CancellationToken.None);
            await store.InsertAsync(first with { Id = "alert-3", SessionId = "cons-2" }, CancellationToken.None);

            (await store.ListAsync("cons-1", 10, CancellationToken.None)).Should().Equal(first with { Id = "alert-2", Value = 80, RaisedAtNs = first.RaisedAtNs + 1 }, first);
            (await store.ListAsync("cons-1", 1, CancellationToken.None)).Select(a => a.Id).Should().Equal("alert-2");

            (await store.EndAsync("alert-1", 1_796_000_010_000_000_000, CancellationToken.None))!.EndedAtNs.Should().Be(1_796_000_010_000_000_000);
            (await store.EndAsync("alert-1", 1_796_000_020_000_000_000, CancellationToken.None))!.EndedAtNs.Should().Be(1_796_000_010_000_000_000, "an episode ends once");

            var results = await Task.WhenAll(
                store.AcknowledgeAsync("cons-1", "alert-1", "dr-a", 1_796_000_030_000_000_000, CancellationToken.None),
                store.AcknowledgeAsync("cons-1", "alert-1", "dr-b", 1_796_000_030_000_000_001, CancellationToken.None));
            results.Count(r => !r.AlreadyAcknowledged).Should().Be(1, "two acknowledgements at once: one wins");
            var winner = results.Single(r => !r.AlreadyAcknowledged).Alert!;
            results.Should().OnlyContain(r => r.Alert!.AcknowledgedBy == winner.AcknowledgedBy && r.Alert.AcknowledgedAtNs == winner.AcknowledgedAtNs);
            (await store.FindAsync("alert-1", CancellationToken.None))!.AcknowledgedBy.Should().Be(winner.AcknowledgedBy);

            (await store.AcknowledgeAsync("cons-2", "alert-1", "dr-a", 1, CancellationToken.None)).Alert.Should().BeNull("the alert is not that session's");
            (await store.AcknowledgeAsync("cons-1", "alert-9", "dr-a", 1, CancellationToken.None)).Alert.Should().BeNull();
            (await store.FindAsync("alert-1", CancellationToken.None))!.Value.Should().Be(85.5);
        }
        finally
        {
            await database.DisposeAsync();
            await drop();
        }
    }

    private async Task<(ClinicalDatabase Database, Func<Task> Drop)> CreateAsync(ClinicalProvider provider)
    {
        if (provider == ClinicalProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("telesante-alerts-").FullName;
            Task DropSqlite()
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            }

            return (new ClinicalDatabase(ClinicalProvider.Sqlite, $"Data Source={Path.Combine(directory, "clinical.db")}"), DropSqlite);
        }

        var name = $"clinical_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        async Task DropPostgres()
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString());
            await admin.OpenAsync();
            await using var dropCommand = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await dropCommand.ExecuteNonQueryAsync();
        }

        return (new ClinicalDatabase(ClinicalProvider.PostgreSql, postgres.Server.ConnectionString(name)), DropPostgres);
    }
}
