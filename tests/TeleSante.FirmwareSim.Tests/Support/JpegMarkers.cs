using System.Buffers.Binary;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>
/// Lists a JPEG's marker segments in order, written from T.81 B.1 independently of the simulator's
/// reader: each marker with its payload, the entropy-coded data after SOS skipped (0xFF 0x00 is a
/// stuffed byte, 0xFF 0xD0..D7 a restart marker), and EOI required as the file's last two bytes.
/// </summary>
internal static class JpegMarkers
{
    public static IReadOnlyList<(byte Marker, byte[] Payload)> List(byte[] jpeg)
    {
        if (jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new InvalidDataException("no SOI");
        }

        var segments = new List<(byte, byte[])> { (0xD8, []) };
        var i = 2;
        while (true)
        {
            if (jpeg[i] != 0xFF)
            {
                throw new InvalidDataException($"offset {i}: 0x{jpeg[i]:X2} where a marker should start");
            }

            var marker = jpeg[i + 1];
            if (marker == 0xD9)
            {
                segments.Add((marker, []));
                if (i + 2 != jpeg.Length)
                {
                    throw new InvalidDataException($"{jpeg.Length - i - 2} bytes after EOI");
                }

                return segments;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            segments.Add((marker, jpeg.AsSpan(i + 4, length - 2).ToArray()));
            i += 2 + length;
            if (marker == 0xDA)
            {
                while (jpeg[i] != 0xFF || jpeg[i + 1] == 0x00 || jpeg[i + 1] is >= 0xD0 and <= 0xD7)
                {
                    i++;
                }
            }
        }
    }
}
