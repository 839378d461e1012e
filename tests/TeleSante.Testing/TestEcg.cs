using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Testing;

/// <summary>Synthetic ECG batches as the simulated recorder produces them.</summary>
public static class TestEcg
{
    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Sinus 75 bpm with premature ventricular (about 10 %) and atrial (about 10 %, inverted P) beats, whose true
    /// classes are in <c>Signal.BeatKinds</c>.</summary>
    public static SyntheticEcgOptions Ectopy(double rate = 500, int seed = 7) => new()
    {
        SampleRateHz = rate,
        HeartRateBpm = 75,
        BaselineWanderMv = 0.05,
        MuscleNoiseMv = 0.01,
        EctopicProbability = 0.1,
        AtrialEctopicProbability = 0.1,
        AtrialEctopicPAmplitude = -0.6,
        Seed = seed,
    };

    public static EcgRecorder Recorder(string deviceId, string sessionId, long startNs, int leads = 12, double rate = 500, int chunkSamples = 250, ulong firstSeq = 1, SyntheticEcgOptions? signal = null) => new(new EcgRecorderOptions
    {
        DeviceId = deviceId,
        SiteId = "test-pharmacy",
        SessionId = sessionId,
        Leads = leads,
        ChunkSamples = chunkSamples,
        StartTimeNs = startNs,
        FirstSeq = firstSeq,
        Signal = signal ?? new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = 75, BaselineWanderMv = 0.1, MainsMv = 0.02, MuscleNoiseMv = 0.01, EctopicProbability = 0.05, Seed = 42 },
    });

    public static List<ReadingBatch> Batches(EcgRecorder recorder, int count) => Enumerable.Range(0, count).Select(_ => recorder.NextBatch()).ToList();

    /// <summary>Concatenated samples per lead code, in seq order.</summary>
    public static Dictionary<uint, List<int>> SamplesByLead(IEnumerable<ReadingBatch> batches)
    {
        var result = new Dictionary<uint, List<int>>();
        foreach (var batch in batches.OrderBy(b => b.Seq))
        {
            foreach (var channel in batch.Waveforms.SelectMany(w => w.Channels))
            {
                if (!result.TryGetValue(channel.MdcCode, out var list))
                {
                    result[channel.MdcCode] = list = [];
                }

                list.AddRange(channel.Samples);
            }
        }

        return result;
    }
}
