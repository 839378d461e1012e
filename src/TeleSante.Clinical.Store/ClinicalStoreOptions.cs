using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TeleSante.Clinical.Store;

/// <summary>Where the clinical model is kept (section "ClinicalStore"). Validated at start-up: a known provider,
/// a connection string the provider's own parser accepts, a host for PostgreSQL.</summary>
public sealed class ClinicalStoreOptions : IValidatableObject
{
    public const string Section = "ClinicalStore";

    /// <summary><see cref="ClinicalProvider.Sqlite"/> (default) or <see cref="ClinicalProvider.PostgreSql"/>.</summary>
    public ClinicalProvider Provider { get; set; } = ClinicalProvider.Sqlite;

    /// <summary>ADO.NET connection string. Empty with SQLite: <c>clinical.db</c> in the data directory. Required
    /// with PostgreSQL (Npgsql syntax; the password comes from the environment, never the repository).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The connection string to use: <see cref="ConnectionString"/>, or for SQLite left empty the
    /// default file under <paramref name="dataDirectory"/>.</summary>
    public string Resolve(string dataDirectory) =>
        Provider == ClinicalProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "clinical.db") }.ToString()
            : ConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult($"{Section}:{nameof(Provider)} must be Sqlite or PostgreSql.", [nameof(Provider)]);
            yield break;
        }

        if (Provider == ClinicalProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult($"{Section}:{nameof(ConnectionString)} is required with PostgreSql (Host=…;Database=…;Username=…).", [nameof(ConnectionString)]);
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && ParseError() is { } error)
        {
            yield return new ValidationResult($"{Section}:{nameof(ConnectionString)} is not a valid {Provider} connection string: {error}", [nameof(ConnectionString)]);
        }
    }

    private string? ParseError()
    {
        try
        {
            if (Provider == ClinicalProvider.PostgreSql)
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                return string.IsNullOrWhiteSpace(builder.Host) ? "Host is missing" : null;
            }

            return string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource) ? "Data Source is missing" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ex.Message;
        }
    }
}
