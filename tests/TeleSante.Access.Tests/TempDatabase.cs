using Microsoft.Data.Sqlite;

namespace TeleSante.Access.Tests;

/// <summary>A SQLite file in a fresh temp directory, removed afterwards; <see cref="Execute"/> changes it
/// behind the store's back, as someone with access to the file could.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telesante-access-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "access.db");

    public int Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
