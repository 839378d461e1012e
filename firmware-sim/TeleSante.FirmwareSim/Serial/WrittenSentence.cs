namespace TeleSante.FirmwareSim.Serial;

/// <summary>A sentence the simulated device wrote on its serial port, for tests to check what arrived.</summary>
/// <param name="Seq">The sentence's seq.</param>
/// <param name="TimeNs">Its time, ns since the epoch (millisecond precision, as written).</param>
/// <param name="Line">The exact text written, with checksum and CR LF.</param>
/// <param name="Observations">The values it carries (numeric MDC codes even when written as a reference id).</param>
public sealed record WrittenSentence(ulong Seq, long TimeNs, string Line, IReadOnlyList<WrittenObservation> Observations);
