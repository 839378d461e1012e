using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>One reading in the outbox: the batch sent to the gateway and the serial line it came
/// from (kept so that a refused batch can be shown exactly as the device wrote it).</summary>
/// <param name="Id">Outbox position, increasing in append order across all ports.</param>
internal sealed record OutboxEntry(long Id, ReadingBatch Batch, string Line);
