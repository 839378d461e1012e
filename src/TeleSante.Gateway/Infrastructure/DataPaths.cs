using TeleSante.Imaging;

namespace TeleSante.Gateway.Infrastructure;

/// <summary>The one place where every store's location is derived from <see cref="StorageOptions.DataDirectory"/>.
/// The file names are those of earlier versions, so an existing data directory is picked up as it is.</summary>
public sealed class DataPaths(StorageOptions storage)
{
    public string DataDirectory { get; } = Path.GetFullPath(storage.DataDirectory);

    /// <summary>The write-ahead log's segments and checkpoint.</summary>
    public string Wal => Path.Combine(DataDirectory, "wal");

    public string DeduplicationSnapshot => Path.Combine(DataDirectory, "dedup.snapshot");

    public string DeadLetters => Path.Combine(DataDirectory, "deadletters.db");

    public string Audit => Path.Combine(DataDirectory, "audit.db");

    public string Devices => Path.Combine(DataDirectory, "devices.db");

    public string Assignments => Path.Combine(DataDirectory, "assignments.db");

    public string Practitioners => Path.Combine(DataDirectory, "practitioners.db");

    public string SessionSites => Path.Combine(DataDirectory, "sessions.db");

    /// <summary>The clinical store's SQLite file (patients, consents, consultations, requests, reports) when
    /// <c>ClinicalStore:ConnectionString</c> is left empty.</summary>
    public string Clinical => Path.Combine(DataDirectory, "clinical.db");

    /// <summary>Photographs and their catalogue: <c>Imaging:Directory</c>, relative to the data directory
    /// unless absolute (a separate disk for large images).</summary>
    public string Images(ImagingOptions imaging) => Path.Combine(DataDirectory, imaging.Directory);

    /// <summary>The development issuer's HMAC key, generated when no <c>Security:JwtSigningKey</c> is set.</summary>
    public string DevelopmentSigningKey => Path.Combine(DataDirectory, "dev-jwt-signing.key");
}
