using TeleSante.Storage.Influx;

namespace TeleSante.Ingestion;

/// <summary>A write the store could not take now (transient or configuration failure): retried.</summary>
internal sealed class StoreUnavailableException(StoreWriteResult result)
    : Exception($"InfluxDB write failed: {result.Outcome} {result.StatusCode} {result.Message}")
{
    public StoreWriteResult Result { get; } = result;
}
