namespace TeleSante.StationAgent;

/// <summary>A device event carried by a TSE1 sentence (a failed measurement, an alarm).</summary>
/// <param name="Code">Event code as the device wrote it, e.g. <c>probe-off</c> (the gateway judges it).</param>
/// <param name="MdcCode">The measurement or signal it concerns, 0 for the device as a whole.</param>
/// <param name="Text">The device's own message, possibly empty.</param>
public sealed record SerialEvent(string Code, uint MdcCode, string Text);
