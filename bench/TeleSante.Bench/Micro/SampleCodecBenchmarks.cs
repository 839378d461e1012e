using BenchmarkDotNet.Attributes;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Bench.Micro;

/// <summary>One lead's samples to the base64 zigzag-varint string field and back: 250 samples (the
/// devices' 0.5 s chunk) and 5000 (the largest chunk validation accepts).</summary>
[MemoryDiagnoser]
public class SampleCodecBenchmarks
{
    private int[] _samples = [];
    private string _encoded = string.Empty;

    [Params(250, 5000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _samples = MicroFixtures.LeadSamples(Samples);
        _encoded = SampleCodec.Encode(_samples);
    }

    [Benchmark]
    public string Encode() => SampleCodec.Encode(_samples);

    [Benchmark]
    public int[] Decode() => SampleCodec.Decode(_encoded);
}
