using TeleSante.Domain.Codes;

namespace TeleSante.Storage;

/// <summary>A stored device event.</summary>
/// <param name="Definition">The catalogue entry for <paramref name="Code"/> (display text, kind).</param>
public sealed record DeviceEventRecord(string DeviceId, string Code, DeviceEventCode? Definition, uint MdcCode, string Text, long TimeNs, ulong Seq);
