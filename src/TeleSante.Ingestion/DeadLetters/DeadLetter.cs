using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion.DeadLetters;

/// <summary>Input the gateway could not accept, kept with the reason so that nothing is silently dropped.</summary>
/// <param name="Id">Store-assigned id (0 before it is stored).</param>
/// <param name="ReceivedAt">Gateway clock at receipt.</param>
/// <param name="Transport">"grpc", "mqtt", "mqtt-json", "influx" (refused by InfluxDB after acknowledgement).</param>
/// <param name="DeviceId">Device, when known.</param>
/// <param name="Seq">Batch sequence number, when known.</param>
/// <param name="Reason">Typed reason.</param>
/// <param name="Detail">Human-readable detail naming the offending field.</param>
/// <param name="Payload">The bytes as received (or the refused line protocol); once stored, at most
/// <see cref="DeadLetterOptions.MaxPayloadBytes"/> of them (a prefix).</param>
public sealed record DeadLetter(
    long Id,
    DateTimeOffset ReceivedAt,
    string Transport,
    string? DeviceId,
    ulong? Seq,
    RejectReason Reason,
    string Detail,
    ReadOnlyMemory<byte> Payload)
{
    /// <summary>Size of the input as received, in bytes: larger than <see cref="Payload"/> when the
    /// store kept only a prefix of it.</summary>
    public long OriginalSize { get; init; } = Payload.Length;

    /// <summary>True when <see cref="Payload"/> is only the first bytes of the input.</summary>
    public bool PayloadTruncated => OriginalSize > Payload.Length;
}
