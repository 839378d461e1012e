using MessagePack;

namespace TeleSante.LiveView;

/// <summary>A contiguous run of samples of one or more channels sampled together.</summary>
[MessagePackObject]
public sealed record LiveChunk
{
    /// <summary>Time of the first sample, ns since epoch (device clock). Sample i was taken at
    /// StartTimeNs + round(i × 1e9 / SampleRateHz).</summary>
    [Key("startTimeNs")]
    public long StartTimeNs { get; init; }

    [Key("sampleRateHz")]
    public double SampleRateHz { get; init; }

    /// <summary>Samples per channel (every channel of the chunk has this many).</summary>
    [Key("sampleCount")]
    public int SampleCount { get; init; }

    [Key("channels")]
    public LiveChannel[] Channels { get; init; } = [];

    /// <summary>Time just after the last sample (start of the next contiguous chunk).</summary>
    [IgnoreMember]
    [System.Text.Json.Serialization.JsonIgnore]
    public long EndTimeNs => StartTimeNs + (long)Math.Round(SampleCount * 1e9 / SampleRateHz);
}
