using System.Buffers.Binary;

namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// Reads back what <see cref="JpegEncoder"/> puts in COM segments: walks the marker segments from
/// SOI to the first SOS (T.81 B.1.1: 0xFF, marker code, 16-bit length counting itself; fill 0xFF
/// bytes allowed before a marker) and concatenates every COM payload in file order. Nothing after
/// SOS is read: the encoder writes its comments before the frame.
/// </summary>
internal static class JpegComments
{
    private const byte Soi = 0xD8, Sos = 0xDA, Eoi = 0xD9, Com = 0xFE, Tem = 0x01, Rst0 = 0xD0, Rst7 = 0xD7;

    /// <returns>The concatenated COM payloads, or null when the file has none.</returns>
    /// <exception cref="InvalidDataException">Not a JPEG, or truncated before the scan.</exception>
    public static byte[]? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != Soi)
        {
            throw new InvalidDataException("not a JPEG: it does not start with SOI (FF D8)");
        }

        using var comments = new MemoryStream();
        var found = false;
        var i = 2;
        while (true)
        {
            if (i >= jpeg.Length || jpeg[i] != 0xFF)
            {
                throw new InvalidDataException($"expected a marker at offset {i}");
            }

            while (i < jpeg.Length && jpeg[i] == 0xFF)
            {
                i++;
            }

            if (i >= jpeg.Length)
            {
                throw new InvalidDataException("truncated: the file ends inside a marker");
            }

            var marker = jpeg[i++];
            if (marker is Sos or Eoi)
            {
                return found ? comments.ToArray() : null;
            }

            if (marker is Tem or (>= Rst0 and <= Rst7))
            {
                continue; // standalone markers carry no length (B.1.1.3)
            }

            if (i + 2 > jpeg.Length)
            {
                throw new InvalidDataException($"truncated: marker FF {marker:X2} at offset {i - 2} has no length");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[i..]);
            if (length < 2 || i + length > jpeg.Length)
            {
                throw new InvalidDataException($"marker FF {marker:X2} at offset {i - 2}: length {length} does not fit the file");
            }

            if (marker == Com)
            {
                comments.Write(jpeg.Slice(i + 2, length - 2));
                found = true;
            }

            i += length;
        }
    }
}
