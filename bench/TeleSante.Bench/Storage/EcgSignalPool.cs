using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Bench.Storage;

/// <summary>
/// A few distinct synthetic 12-lead recordings, generated once by the firmware simulator's
/// <see cref="EcgRecorder"/> and replayed by many simulated devices. Generating 500 Hz x 12 leads
/// live for hundreds of devices would cost the load generator more CPU than the system under test
/// on this 2-core machine; InfluxDB compresses each series on its own, so streams that replay the
/// same signal still cost the disk what distinct ones would.
/// </summary>
public sealed class EcgSignalPool
{
    /// <summary>A realistic noise floor: a noiseless synthetic ECG would flatter every encoding
    /// (long runs of identical differences). Respiratory baseline wander 0.1 mV, 50 Hz mains 10 µV,
    /// muscle noise 15 µV RMS, at 1 µV resolution (1000 adu/mV), as a filtered diagnostic-band
    /// recorder delivers.</summary>
    private static SyntheticEcgOptions SignalOptions(int index) => new()
    {
        HeartRateBpm = 60 + (7 * index % 40),
        EctopicProbability = 0.02,
        SampleRateHz = SampleRateHz,
        BaselineWanderMv = 0.1,
        MainsMv = 0.01,
        MuscleNoiseMv = 0.015,
        GainAduPerMv = 1000,
        Seed = 1000 + index,
    };

    public const double SampleRateHz = 500;

    private readonly WaveformChunk[][] _chunks;

    public EcgSignalPool(int signals, int chunksPerSignal, int chunkSamples)
    {
        ChunkSamples = chunkSamples;
        ChunksPerSignal = chunksPerSignal;
        _chunks = new WaveformChunk[signals][];
        Parallel.For(0, signals, s =>
        {
            var recorder = new EcgRecorder(new EcgRecorderOptions
            {
                DeviceId = "pool",
                SiteId = "pool",
                SessionId = "pool",
                ChunkSamples = chunkSamples,
                Signal = SignalOptions(s),
            });
            _chunks[s] = [.. Enumerable.Range(0, chunksPerSignal).Select(_ => recorder.NextBatch().Waveforms[0])];
        });
    }

    public int Signals => _chunks.Length;

    public int ChunkSamples { get; }

    public int ChunksPerSignal { get; }

    public TimeSpan ChunkDuration => TimeSpan.FromSeconds(ChunkSamples / SampleRateHz);

    /// <summary>The samples of one lead of a stored chunk, to check what is read back.</summary>
    public IReadOnlyList<int> Samples(int signal, int chunk, int lead) => _chunks[signal][chunk % ChunksPerSignal].Channels[lead].Samples;

    /// <summary>
    /// Chunk <paramref name="index"/> of <paramref name="stream"/> as the device would send it. The
    /// channels (and their sample arrays) are shared with the pool, not copied: protobuf messages are
    /// only read when serialised, so sharing them between batches is safe and keeps the generator light.
    /// </summary>
    public ReadingBatch Batch(SimulatedStream stream, int index, long deviceTimeNs)
    {
        var template = _chunks[stream.Signal][index % ChunksPerSignal];
        var chunk = new WaveformChunk
        {
            StartTimeNs = stream.StartTimeNs + (long)Math.Round(index * (double)ChunkSamples * 1e9 / SampleRateHz),
            SampleRateHz = SampleRateHz,
        };
        chunk.Channels.Add(template.Channels);
        var batch = new ReadingBatch
        {
            DeviceId = stream.DeviceId,
            SiteId = stream.SiteId,
            SessionId = stream.SessionId,
            Seq = (ulong)index + 1,
            DeviceTimeNs = deviceTimeNs,
        };
        batch.Waveforms.Add(chunk);
        return batch;
    }
}
