namespace TeleSante.FirmwareSim.Devices;

public sealed record WfdbReplayRecorderOptions
{
    public required string DeviceId { get; init; }

    public required string SiteId { get; init; }

    public required string SessionId { get; init; }

    /// <summary>The record's header file (e.g. data/ecg/100.hea); its signal files sit beside it.</summary>
    public required string HeaderPath { get; init; }

    /// <summary>Samples per chunk per lead; 90 at MIT-BIH's 360 Hz is a quarter of a second.</summary>
    public int ChunkSamples { get; init; } = 90;

    /// <summary>Start again from sample 0 at the end of the record instead of stopping.</summary>
    public bool Loop { get; init; }

    /// <summary>Time of the first sample, ns since epoch.</summary>
    public long StartTimeNs { get; init; }

    /// <summary>The first sequence number (a device keeps counting across sessions).</summary>
    public ulong FirstSeq { get; init; } = 1;
}
