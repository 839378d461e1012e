using TeleSante.Signal.Synthesis;

namespace TeleSante.FirmwareSim.Devices;

public sealed record EcgRecorderOptions
{
    public required string DeviceId { get; init; }

    public required string SiteId { get; init; }

    public required string SessionId { get; init; }

    /// <summary>Number of leads sent, in the standard order (I, II, III, aVR, aVL, aVF, V1..V6).</summary>
    public int Leads { get; init; } = 12;

    /// <summary>Samples per chunk per lead; 250 at 500 Hz is half a second.</summary>
    public int ChunkSamples { get; init; } = 250;

    public SyntheticEcgOptions Signal { get; init; } = new();

    /// <summary>Time of the first sample, ns since epoch.</summary>
    public long StartTimeNs { get; init; }

    /// <summary>Device clock error at the first sample: its timestamps are true time plus this.</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Device clock drift in parts per million (a cheap quartz drifts 20-100 ppm).</summary>
    public double ClockDriftPpm { get; init; }

    /// <summary>The first sequence number (a device keeps counting across sessions).</summary>
    public ulong FirstSeq { get; init; } = 1;
}
