namespace TeleSante.Domain.Codes;

/// <summary>A device event the gateway accepts.</summary>
/// <param name="Code">Wire code, e.g. "cuff-loose".</param>
/// <param name="Display">What the practitioner reads.</param>
/// <param name="Kind">Failed measurement, technical alarm, advisory or device status.</param>
public sealed record DeviceEventCode(string Code, string Display, DeviceEventKind Kind);
