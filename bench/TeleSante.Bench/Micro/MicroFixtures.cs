using Google.Protobuf;
using TeleSante.Bench.Storage;
using TeleSante.Contracts.V1;

namespace TeleSante.Bench.Micro;

/// <summary>The inputs every micro-benchmark shares: a real 12-lead chunk batch from the simulator.</summary>
public static class MicroFixtures
{
    private static readonly EcgSignalPool Pool = new(1, 1, 250);
    private static readonly EcgSignalPool LongPool = new(1, 1, 5000);

    /// <summary>A 0.5 s, 12-lead, 500 Hz batch as devices send it, stamped now so it validates.</summary>
    public static ReadingBatch TwelveLeadBatch(int samples = 250)
    {
        var stream = new SimulatedStream("ecg-00001", "sess-00001", "site-01", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds() * 1_000_000, 0);
        return (samples == 250 ? Pool : LongPool).Batch(stream, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
    }

    /// <summary>Lead II of a chunk of <paramref name="samples"/> samples (250 or 5000).</summary>
    public static int[] LeadSamples(int samples) => [.. TwelveLeadBatch(samples).Waveforms[0].Channels[1].Samples];

    public static byte[] TwelveLeadBatchBytes() => TwelveLeadBatch().ToByteArray();
}
