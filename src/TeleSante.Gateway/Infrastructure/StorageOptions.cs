using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Infrastructure;

/// <summary>Where the gateway keeps its durable data. Section <c>Storage</c>. Every store's path is derived
/// from it in one place (<see cref="DataPaths"/>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The gateway's data directory: write-ahead log, dead letters, deduplication snapshot, audit
    /// trail, devices, assignments, practitioners, session sites, photographs, the development signing key.
    /// Must be on a local disk that honours fsync. Default <c>data</c> (relative to the working directory).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}
