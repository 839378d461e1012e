using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using TeleSante.Contracts.V1;

namespace TeleSante.Bench.Micro;

/// <summary>Decoding a 12-lead 0.5 s batch as the gRPC marshaller and the forwarder (from the
/// write-ahead log) both do, and encoding it as a device does.</summary>
[MemoryDiagnoser]
public class ProtobufBenchmarks
{
    private byte[] _bytes = [];
    private ReadingBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = MicroFixtures.TwelveLeadBatch();
        _bytes = _batch.ToByteArray();
    }

    [Benchmark(Description = "ReadingBatch.Parser.ParseFrom")]
    public ReadingBatch Parse() => ReadingBatch.Parser.ParseFrom(_bytes);

    [Benchmark(Description = "ReadingBatch.ToByteArray")]
    public byte[] Serialize() => _batch.ToByteArray();
}
