namespace TeleSante.Storage;

/// <summary>Part of an accepted batch that the store refused on its own (not a transient failure):
/// kept as a dead letter by the forwarder so nothing acknowledged disappears silently.</summary>
/// <param name="DeviceId">The device of the batch it came from.</param>
/// <param name="Seq">The batch's sequence number.</param>
/// <param name="Message">The store's reason (e.g. InfluxDB's <c>field type conflict</c>).</param>
/// <param name="Payload">The refused item as sent to the store (one line of line protocol for InfluxDB).</param>
public sealed record RefusedReading(string DeviceId, ulong Seq, string Message, ReadOnlyMemory<byte> Payload);
