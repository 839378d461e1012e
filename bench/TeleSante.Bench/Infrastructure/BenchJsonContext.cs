using System.Text.Json.Serialization;
using TeleSante.Bench.Analysis;
using TeleSante.Bench.FundusGate;
using TeleSante.Bench.Gateway;
using TeleSante.Bench.LiveView;
using TeleSante.Bench.Micro;
using TeleSante.Bench.Peer;
using TeleSante.Bench.Storage;

namespace TeleSante.Bench.Infrastructure;

/// <summary>Compile-time JSON serialisation of the reports (no runtime reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(StorageReport))]
[JsonSerializable(typeof(GatewayReport))]
[JsonSerializable(typeof(MicroReport))]
[JsonSerializable(typeof(SlowViewerReport))]
[JsonSerializable(typeof(AnalysisCostReport))]
[JsonSerializable(typeof(FundusGateReport))]
[JsonSerializable(typeof(PeerReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
