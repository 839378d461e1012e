namespace TeleSante.Storage;

/// <summary>One channel of one device in a session: its contiguous segments in time order (a gap in
/// the recording starts a new segment, so it is never hidden by concatenation).</summary>
public sealed record WaveformChannelRecording(string DeviceId, uint MdcCode, string? Label, IReadOnlyList<WaveformSegment> Segments);
