namespace TeleSante.Clinical.Store;

/// <summary>The database the clinical store runs on.</summary>
public enum ClinicalProvider
{
    /// <summary>Embedded, one file under the data directory (the default: nothing to install).</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL server (several gateways, backups, replication).</summary>
    PostgreSql,
}
