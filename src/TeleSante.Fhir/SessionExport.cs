using TeleSante.Imaging;
using TeleSante.Storage;

namespace TeleSante.Fhir;

/// <summary>What is exported for one consultation session over a time range.</summary>
/// <param name="SessionId">The session (exported as an Encounter identifier).</param>
/// <param name="SiteId">The site the session was recorded at, when known.</param>
/// <param name="FromNs">Start of the range, ns since the Unix epoch.</param>
/// <param name="ToNs">End of the range.</param>
/// <param name="Observations">Stored vitals.</param>
/// <param name="Waveforms">Stored waveform channels (empty when not requested).</param>
/// <param name="Images">Stored photographs.</param>
/// <param name="Events">Stored device events (failed measurements are exported).</param>
/// <param name="ImageUrl">The URL a recipient fetches an image's bytes from.</param>
public sealed record SessionExport(
    string SessionId,
    string? SiteId,
    long FromNs,
    long ToNs,
    IReadOnlyList<ObservationRecord> Observations,
    IReadOnlyList<WaveformChannelRecording> Waveforms,
    IReadOnlyList<StoredImage> Images,
    Func<StoredImage, Uri> ImageUrl,
    IReadOnlyList<DeviceEventRecord>? Events = null);
