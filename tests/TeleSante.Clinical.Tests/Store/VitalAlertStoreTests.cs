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

    [Theory]
    [InlineData(ClinicalProvider.Sqlite)]
    [InlineData(ClinicalProvider.PostgreSql)]
    public async Task A_batch_of_raises_and_ends_is_stored_all_or_none_and_applying_it_again_changes_nothing(ClinicalProvider provider)
    {
        var (database, drop) = await CreateAsync(provider);
        try
        {
            await database.MigrateAsync();
            var store = new VitalAlertStore(database);
            var earlier = new VitalAlertRow("alert-0", "cons-1", "oxi-1", "MDC_PULS_OXIM_SAT_O2", 150456, "SpO2", "high", "below", 92, "%", 85, "%",
                1_796_000_000_000_000_000, 1_796_000_000_100_000_000, null, null, null);
            await store.InsertAsync(earlier, CancellationToken.None);
            // A database that refuses one row (here a trigger standing for a full disk or a lost connection).
            await InjectFailureAsync(database, provider);
            var ok = new List<VitalAlertChange>
            {
                VitalAlertChange.Raise(earlier with { Id = "alert-1", SessionId = "cons-2", Value = 84, MeasuredAtNs = 1_796_000_001_000_000_000 }),
                VitalAlertChange.End("alert-0", 1_796_000_002_000_000_000),
                VitalAlertChange.Raise(earlier with { Id = "alert-2", Value = 83, MeasuredAtNs = 1_796_000_003_000_000_000, Source = "ecg-analysis", MeasuredFromNs = 1_796_000_002_500_000_000 }),
                VitalAlertChange.End("alert-2", 1_796_000_004_000_000_000),
                VitalAlertChange.End("alert-unknown", 1_796_000_004_000_000_000),
            };
            var failing = ok.Take(3).Append(VitalAlertChange.Raise(earlier with { Id = "alert-x", DeviceId = "refused" })).Concat(ok.Skip(3)).ToList();

            var refused = () => store.ApplyAsync(failing, CancellationToken.None);
            await refused.Should().ThrowAsync<Exception>();
            (await store.FindAsync("alert-1", CancellationToken.None)).Should().BeNull("the batch failed at its fourth change: none of it is stored");
            (await store.FindAsync("alert-0", CancellationToken.None))!.EndedAtNs.Should().BeNull();
            store.Batches.Should().Be(0);

            var ended = await store.ApplyAsync(ok, CancellationToken.None);
            ended.Select(r => (r?.Id, r?.EndedAtNs)).Should().Equal(
                (null, null), ("alert-0", 1_796_000_002_000_000_000), (null, null), ("alert-2", 1_796_000_004_000_000_000), (null, null));
            var both = earlier with { Id = "alert-2", Value = 83, MeasuredAtNs = 1_796_000_003_000_000_000, Source = "ecg-analysis", MeasuredFromNs = 1_796_000_002_500_000_000 };
            (await store.FindAsync("alert-2", CancellationToken.None)).Should().Be(both with { EndedAtNs = 1_796_000_004_000_000_000 },
                "raised and ended in one batch: inserted, then ended");

            // The same batch again (a retry after a commit the gateway did not hear of): nothing doubled, nothing changed.
            var again = await store.ApplyAsync(ok.Select(c => c.EndedId is null ? c : c with { EndedAtNs = c.EndedAtNs + 1 }).ToList(), CancellationToken.None);
            again.Select(r => r?.EndedAtNs).Should().Equal(ended.Select(r => r?.EndedAtNs), "an episode keeps its first end");
            (await store.ListAsync("cons-1", 10, CancellationToken.None)).Select(a => a.Id).Should().BeEquivalentTo("alert-0", "alert-2");
            (await store.ListAsync("cons-2", 10, CancellationToken.None)).Should().ContainSingle().Which.Value.Should().Be(84);
            store.Batches.Should().Be(2, "one transaction per batch");
        }
        finally
        {
            await database.DisposeAsync();
            await drop();
        }
    }

    private static async Task InjectFailureAsync(ClinicalDatabase database, ClinicalProvider provider)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = provider == ClinicalProvider.Sqlite
            ? "CREATE TRIGGER refuse_alert BEFORE INSERT ON vital_alerts WHEN NEW.device_id = 'refused' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
            : """
              CREATE FUNCTION refuse_alert() RETURNS trigger AS $$
              BEGIN
                IF NEW.device_id = 'refused' THEN RAISE EXCEPTION 'injected failure'; END IF;
                RETURN NEW;
              END $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse_alert BEFORE INSERT ON vital_alerts FOR EACH ROW EXECUTE FUNCTION refuse_alert();
              """;
        await command.ExecuteNonQueryAsync();
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
