namespace TeleSante.Ingestion;

public enum IngestOutcome
{
    /// <summary>Durable in the write-ahead log.</summary>
    Accepted,

    /// <summary>(device, seq) was accepted before; nothing new stored.</summary>
    Duplicate,

    /// <summary>Refused; see the reason. Invalid batches are in the dead-letter store.</summary>
    Rejected,
}
