using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>A reading to append to the outbox; it gets its id once durable.</summary>
internal readonly record struct OutboxDraft(ReadingBatch Batch, string Line);
