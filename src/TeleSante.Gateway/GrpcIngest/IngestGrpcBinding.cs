using Google.Protobuf;
using Grpc.Core;
using TeleSante.Contracts.V1;

namespace TeleSante.Gateway.GrpcIngest;

/// <summary>
/// Hand-written binding of telesante.v1.Ingest/Stream with a tolerant request marshaller (see
/// <see cref="IncomingBatch"/>). The wire contract is exactly the one in protos/telesante/v1/ingest.proto,
/// so generated clients in any language talk to it unchanged.
/// </summary>
internal static class IngestGrpcBinding
{
    private static readonly Marshaller<IncomingBatch> RequestMarshaller = Marshallers.Create(
        static batch => batch.Raw.ToArray(),
        static bytes => Parse(bytes));

    private static readonly Marshaller<BatchResult> ResponseMarshaller = Marshallers.Create(
        static result => result.ToByteArray(),
        static bytes => BatchResult.Parser.ParseFrom(bytes));

    // The names come from the descriptor compiled from ingest.proto (the gateway generates no service code:
    // see its csproj), so the binding cannot drift from the contract devices are built against.
    private static readonly Google.Protobuf.Reflection.MethodDescriptor StreamDescriptor =
        IngestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Ingest")?.FindMethodByName("Stream")
        ?? throw new InvalidOperationException("protos/telesante/v1/ingest.proto no longer declares Ingest/Stream, which the gateway binds.");

    public static readonly Method<IncomingBatch, BatchResult> StreamMethod = new(
        MethodType.DuplexStreaming,
        StreamDescriptor.Service.FullName,
        StreamDescriptor.Name,
        RequestMarshaller,
        ResponseMarshaller);

    /// <summary>Called by grpc-dotnet's service binder (found through <see cref="BindServiceMethodAttribute"/> on <see cref="IngestServiceBase"/>).</summary>
    public static void BindService(ServiceBinderBase binder, IngestServiceBase? service) =>
        binder.AddMethod(StreamMethod, service is null ? null : service.Stream);

    internal static IncomingBatch Parse(byte[] bytes)
    {
        try
        {
            return new IncomingBatch(ReadingBatch.Parser.ParseFrom(bytes), bytes, null);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return new IncomingBatch(null, bytes, ex.Message);
        }
    }
}
