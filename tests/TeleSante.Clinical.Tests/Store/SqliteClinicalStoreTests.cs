using Microsoft.Data.Sqlite;
using TeleSante.Clinical.Store;

namespace TeleSante.Clinical.Tests.Store;

/// <summary>The store suite on SQLite: a database file in a fresh temp directory per test.</summary>
public sealed class SqliteClinicalStoreTests : ClinicalStoreContract
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("telesante-clinical-");

    protected override Task<ClinicalDatabase> CreateDatabaseAsync() =>
        Task.FromResult(new ClinicalDatabase(ClinicalProvider.Sqlite, $"Data Source={Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.db")}"));

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
