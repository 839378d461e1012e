using BenchmarkDotNet.Attributes;
using TeleSante.Bench.Storage;
using TeleSante.Contracts.V1;
using TeleSante.Storage.Influx;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Bench.Micro;

/// <summary>Line protocol for one 12-lead 0.5 s batch: the gateway's 12 chunk points
/// (ReadingSchema, SampleCodec included) versus the 250 per-sample points of the alternative schema.</summary>
[MemoryDiagnoser]
public class LineProtocolBenchmarks
{
    private readonly LineProtocolBuilder _lines = new(1024 * 1024);
    private ReadingBatch _batch = null!;

    [GlobalSetup]
    public void Setup() => _batch = MicroFixtures.TwelveLeadBatch();

    [GlobalCleanup]
    public void Cleanup() => _lines.Dispose();

    [Benchmark(Baseline = true, Description = "ReadingSchema.Append: 12 chunk points")]
    public int Chunked()
    {
        _lines.Reset();
        ReadingSchema.Append(_lines, _batch);
        return _lines.Length;
    }

    [Benchmark(Description = "per-sample: 250 points x 12 int fields")]
    public int PerSample()
    {
        _lines.Reset();
        PerSampleSchema.Append(_lines, _batch);
        return _lines.Length;
    }
}
