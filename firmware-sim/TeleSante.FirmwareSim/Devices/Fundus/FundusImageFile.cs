namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>An encoded capture and the media type to send it with ("image/png", "image/jpeg").</summary>
public sealed record FundusImageFile(byte[] Content, string ContentType);
