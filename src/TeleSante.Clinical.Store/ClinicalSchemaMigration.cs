using Microsoft.Extensions.Hosting;

namespace TeleSante.Clinical.Store;

/// <summary>Brings the clinical schema up to date when the host starts: a start-up failure (database unreachable,
/// schema newer than the code) stops the host rather than surfacing on the first request.</summary>
public sealed class ClinicalSchemaMigration(ClinicalDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
