namespace TeleSante.Bench.Storage;

/// <summary>The two waveform layouts compared by the storage command.</summary>
public enum StorageEncoding
{
    /// <summary>One point per sample instant, 12 integer fields (<see cref="PerSampleSchema"/>).</summary>
    PerSample,

    /// <summary>One point per 250-sample chunk and lead, as the gateway writes (ReadingSchema).</summary>
    Chunked,
}
