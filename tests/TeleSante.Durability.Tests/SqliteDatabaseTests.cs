using Microsoft.Data.Sqlite;

namespace TeleSante.Durability.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telesante-durability-").FullName;

    private string DbPath => Path.Combine(_directory, "nested", "store.db");

    [Fact]
    public void A_database_is_created_with_its_folder_its_schema_a_wal_journal_and_full_sync()
    {
        using var database = new SqliteDatabase(DbPath, "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");

        File.Exists(DbPath).Should().BeTrue();
        database.Run(c => { c.CommandText = "PRAGMA journal_mode"; return (string)c.ExecuteScalar()!; }).Should().Be("wal");
        // 2 = FULL: a commit returns only after the WAL file is fsync'd.
        database.Run(c => { c.CommandText = "PRAGMA synchronous"; return (long)c.ExecuteScalar()!; }).Should().Be(2);
        database.Run(c => { c.CommandText = "SELECT COUNT(*) FROM item"; return (long)c.ExecuteScalar()!; }).Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_writers_are_serialised_and_every_write_is_kept()
    {
        using (var database = new SqliteDatabase(DbPath, "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"))
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => database.RunAsync(async c =>
            {
                c.CommandText = "INSERT INTO item (name) VALUES ($n)";
                c.Parameters.AddWithValue("$n", $"item-{i}");
                return await c.ExecuteNonQueryAsync();
            }, CancellationToken.None))));
        }

        // Reopened (the schema statement is idempotent), as after a restart.
        using var reopened = new SqliteDatabase(DbPath, "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        var names = reopened.Run(c =>
        {
            c.CommandText = "SELECT name FROM item";
            using var reader = c.ExecuteReader();
            var result = new List<string>();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }

            return result;
        });
        names.Should().BeEquivalentTo(Enumerable.Range(0, 200).Select(i => $"item-{i}"));
    }

    [Fact]
    public async Task A_cancelled_caller_does_not_run_its_work()
    {
        using var database = new SqliteDatabase(DbPath, "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY);");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ran = false;

        var run = () => database.RunAsync(c => { ran = true; return Task.FromResult(0); }, cancelled.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        ran.Should().BeFalse();
    }

    [Fact]
    public void A_schema_error_stops_the_store_from_opening()
    {
        var open = () => new SqliteDatabase(DbPath, "CREATE TABLE item (;");

        open.Should().Throw<SqliteException>();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
