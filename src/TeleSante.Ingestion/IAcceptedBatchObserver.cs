using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion;

/// <summary>
/// Told about every batch once it is durable (live view fan-out, triage). Called on the ingestion
/// path, so implementations must not block: hand the batch to a bounded buffer and return.
/// </summary>
public interface IAcceptedBatchObserver
{
    void OnAccepted(ReadingBatch batch);
}
