using TeleSante.Storage;

namespace TeleSante.Storage.Influx;

/// <summary><see cref="IStoreProbe"/> as InfluxDB's GET /ping.</summary>
public sealed class InfluxStoreProbe(ITimeSeriesStore store) : IStoreProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var health = await store.PingAsync(cancellationToken).ConfigureAwait(false);
        return health.IsUp ? null : health.Error ?? "GET /ping did not answer 204";
    }
}
