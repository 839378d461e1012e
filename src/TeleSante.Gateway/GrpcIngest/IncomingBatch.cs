using TeleSante.Contracts.V1;

namespace TeleSante.Gateway.GrpcIngest;

/// <summary>
/// A gRPC request message as received: parsed when it could be, otherwise the raw bytes and the
/// parser's complaint. Deserialising into this instead of ReadingBatch keeps one malformed message
/// from failing the whole stream (grpc-dotnet ends the call on a marshaller exception).
/// </summary>
internal sealed record IncomingBatch(ReadingBatch? Batch, ReadOnlyMemory<byte> Raw, string? Error);
