namespace TeleSante.Storage;

/// <summary>
/// The read model of stored recordings: a session's waveforms, observations and device events by time
/// range [fromNs, toNs) (ns since the Unix epoch), as domain records with the exact stored values.
/// Every reader of stored data (HTTP endpoints, live view history and replay, FHIR export) goes
/// through it. Its only failure is <see cref="StorageUnavailableException"/> (answer 503, or fall back).
/// </summary>
public interface IRecordingReader
{
    /// <summary>Waveform channels of <paramref name="sessionId"/> with samples in [fromNs, toNs),
    /// trimmed to the range; a gap in the recording starts a new segment.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot answer.</exception>
    Task<IReadOnlyList<WaveformChannelRecording>> ReadWaveformsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken);

    /// <summary>How many waveform samples <see cref="ReadWaveformsAsync"/> would return for the same
    /// range, without reading them (from the stored chunk sizes), so an oversized read can be refused
    /// before it is loaded.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot answer.</exception>
    Task<long> CountWaveformSamplesAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken);

    /// <summary>Observations of <paramref name="sessionId"/> measured in [fromNs, toNs), oldest first.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot answer.</exception>
    Task<IReadOnlyList<ObservationRecord>> ReadObservationsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken);

    /// <summary>Device events of <paramref name="sessionId"/> in [fromNs, toNs), oldest first.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot answer.</exception>
    Task<IReadOnlyList<DeviceEventRecord>> ReadEventsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken);
}
