using Microsoft.Data.Sqlite;

namespace TeleSante.Durability;

/// <summary>One SQLite connection (WAL journal, synchronous=FULL: a write is on disk when it returns)
/// behind a semaphore. The stores using it (devices, assignments, audit, dead letters, image catalogue)
/// hold small, rarely written data, so one durable connection is simpler than a pool.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteDatabase(string path, string schema)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        // The pragmas answer a row each; run them apart from the schema, whose statements must each run
        // (an error in a statement after a row-returning one was not reported when they shared a command).
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        command.ExecuteNonQuery();
        command.CommandText = schema;
        command.ExecuteNonQuery();
    }

    public async Task<T> RunAsync<T>(Func<SqliteCommand, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            return await work(command).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Synchronous access, for reads at start-up (constructors cannot await).</summary>
    public T Run<T>(Func<SqliteCommand, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _gate.Wait();
        try
        {
            using var command = _connection.CreateCommand();
            return work(command);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
