using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion.Attribution;

/// <summary>
/// Decides, before a batch is made durable, whether it may be filed under the session it names (issue 11,
/// <c>Attribution:Mode</c> Consultation: the open consultation of the station its device belongs to). Called on
/// every batch, so it answers from memory, synchronously, without allocating when it allows.
/// </summary>
public interface IReadingAttribution
{
    AttributionVerdict Check(ReadingBatch batch);

    /// <summary>Records a refusal in the audit trail (throttled per device by the implementation).</summary>
    Task RecordRefusalAsync(ReadingBatch batch, string transport, AttributionVerdict verdict);
}
