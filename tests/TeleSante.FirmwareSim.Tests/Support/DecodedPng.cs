namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>What <see cref="PngReader"/> found in a PNG file.</summary>
internal sealed record DecodedPng(int Width, int Height, byte[] Rgb, IReadOnlyList<string> ChunkTypes, IReadOnlyDictionary<string, string> Text);
