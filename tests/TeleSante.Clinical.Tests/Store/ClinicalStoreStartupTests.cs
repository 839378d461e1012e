using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeleSante.Clinical.Store;

namespace TeleSante.Clinical.Tests.Store;

/// <summary>The store as a host registers it: options refused at start, schema migrated at start.</summary>
public sealed class ClinicalStoreStartupTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("telesante-clinical-host-");

    [Theory]
    [InlineData("ClinicalStore:Provider", "PostgreSql", "required with PostgreSql")]
    [InlineData("ClinicalStore:ConnectionString", "Dta Source=x.db", "not a valid Sqlite connection string")]
    [InlineData("TeleExpertise:UrgentDue", "3.00:00:00", "UrgentDue ≤ SemiUrgentDue")]
    public async Task A_host_with_bad_clinical_options_does_not_start(string key, string value, string message)
    {
        using var host = Build(new Dictionary<string, string?> { [key] = value });

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task A_host_starts_with_the_default_sqlite_file_migrated_in_the_data_directory()
    {
        using var host = Build([]);

        await host.StartAsync();

        File.Exists(Path.Combine(_data.FullName, "clinical.db")).Should().BeTrue();
        (await host.Services.GetRequiredService<ClinicalDatabase>().MigrateAsync()).Should().BeEmpty("the host migrated it at start");
        (await host.Services.GetRequiredService<ClinicalStore>().ListRequestsAsync()).Should().BeEmpty();
        await host.StopAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTeleSanteClinicalStore(_data.FullName);
        return builder.Build();
    }
}
