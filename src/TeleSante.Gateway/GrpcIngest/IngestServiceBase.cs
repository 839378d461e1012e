using Grpc.Core;
using TeleSante.Contracts.V1;

namespace TeleSante.Gateway.GrpcIngest;

/// <summary>
/// The service contract as grpc-dotnet's binder expects it: it looks for a virtual method overriding
/// one declared on the type that carries <see cref="BindServiceMethodAttribute"/> (the role a
/// generated ServiceBase plays), so the binding is declared here and implemented by a subclass.
/// </summary>
[BindServiceMethod(typeof(IngestGrpcBinding), nameof(IngestGrpcBinding.BindService))]
internal abstract class IngestServiceBase
{
    public abstract Task Stream(IAsyncStreamReader<IncomingBatch> requests, IServerStreamWriter<BatchResult> responses, ServerCallContext context);
}
