using System.ComponentModel.DataAnnotations;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;

namespace TeleSante.Clinical.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Errors(new TeleExpertiseOptions()).Should().BeEmpty();
        Errors(new ClinicalStoreOptions()).Should().BeEmpty();
    }

    [Fact]
    public void Due_times_must_be_ordered_and_bounded()
    {
        Errors(new TeleExpertiseOptions { UrgentDue = TimeSpan.FromHours(48) }).Should().ContainSingle().Which.Should().Contain("UrgentDue ≤ SemiUrgentDue");
        Errors(new TeleExpertiseOptions { UrgentDue = TimeSpan.Zero }).Should().Contain(e => e.Contains("TeleExpertise:UrgentDue"));
        Errors(new TeleExpertiseOptions { RoutineDue = TimeSpan.FromDays(91) }).Should().Contain(e => e.Contains("TeleExpertise:RoutineDue"));
        Errors(new TeleExpertiseOptions { ExpiryGrace = TimeSpan.FromMinutes(-1) }).Should().ContainSingle().Which.Should().Contain("ExpiryGrace");
    }

    [Fact]
    public void Postgresql_needs_a_parsable_connection_string_with_a_host()
    {
        Errors(new ClinicalStoreOptions { Provider = ClinicalProvider.PostgreSql }).Should().ContainSingle().Which.Should().Contain("required with PostgreSql");
        Errors(new ClinicalStoreOptions { Provider = ClinicalProvider.PostgreSql, ConnectionString = "Database=x" })
            .Should().ContainSingle().Which.Should().Contain("Host is missing");
        Errors(new ClinicalStoreOptions { Provider = ClinicalProvider.PostgreSql, ConnectionString = "Hots=db;Database=x" })
            .Should().ContainSingle().Which.Should().Contain("not a valid PostgreSql connection string");
        Errors(new ClinicalStoreOptions { Provider = ClinicalProvider.PostgreSql, ConnectionString = "Host=db.local;Database=telesante;Username=gw" })
            .Should().BeEmpty();
    }

    [Fact]
    public void Sqlite_defaults_to_a_file_in_the_data_directory()
    {
        new ClinicalStoreOptions().Resolve("/var/lib/telesante").Should().Be("Data Source=/var/lib/telesante/clinical.db");
        Errors(new ClinicalStoreOptions { ConnectionString = "Dta Source=x.db" }).Should().ContainSingle().Which.Should().Contain("not a valid Sqlite");
        Errors(new ClinicalStoreOptions { Provider = (ClinicalProvider)7 }).Should().ContainSingle().Which.Should().Contain("Sqlite or PostgreSql");
    }

    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
