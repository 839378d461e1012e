using TeleSante.Contracts.V1;
using TeleSante.Signal.Synthesis;

namespace TeleSante.FirmwareSim.Devices;

/// <summary>
/// A 12-lead (or fewer) ECG recorder: cuts the synthetic signal into chunks and wraps each in a
/// numbered batch, stamped with the device's own clock (which may be offset from true time).
/// </summary>
public sealed class EcgRecorder(EcgRecorderOptions options)
{
    private readonly SyntheticEcg _ecg = new(options.Signal);
    private ulong _seq = options.FirstSeq - 1;

    public EcgRecorderOptions Options => options;

    public SyntheticEcg Signal => _ecg;

    /// <summary>Time of the first sample, ns since epoch.</summary>
    public long StartTimeNs { get; } = options.StartTimeNs;

    /// <summary>The next chunk of <see cref="EcgRecorderOptions.ChunkSamples"/> samples as a batch.</summary>
    public ReadingBatch NextBatch()
    {
        var leads = SyntheticEcg.Leads.Take(options.Leads).ToArray();
        var buffers = new int[SyntheticEcg.Leads.Count][];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new int[options.ChunkSamples];
        }

        var firstSample = _ecg.SamplesGenerated;
        _ecg.Next(options.ChunkSamples, buffers);
        var chunk = new WaveformChunk
        {
            StartTimeNs = DeviceClock(firstSample * 1e9 / options.Signal.SampleRateHz),
            SampleRateHz = options.Signal.SampleRateHz,
        };
        for (var i = 0; i < leads.Length; i++)
        {
            var channel = new WaveformChannel { MdcCode = leads[i], Gain = options.Signal.GainAduPerMv, Baseline = 0, Unit = "mV" };
            channel.Samples.Add(buffers[i]);
            chunk.Channels.Add(channel);
        }

        var batch = new ReadingBatch
        {
            DeviceId = options.DeviceId,
            SiteId = options.SiteId,
            SessionId = options.SessionId,
            Seq = ++_seq,
            DeviceTimeNs = DeviceClock((firstSample + options.ChunkSamples) * 1e9 / options.Signal.SampleRateHz),
        };
        batch.Waveforms.Add(chunk);
        return batch;
    }

    /// <summary>What the device's own clock reads <paramref name="elapsedNs"/> after the first sample.
    /// Without offset or drift, sample i is at StartTimeNs + round(i × 1e9 / rate).</summary>
    private long DeviceClock(double elapsedNs) =>
        StartTimeNs + options.ClockOffset.Ticks * 100 + (long)Math.Round(elapsedNs * (1 + (options.ClockDriftPpm * 1e-6)));
}
