namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// The CRC-32 PNG chunks carry (PNG specification, section 5.5 and annex D: ISO 3309 / ITU-T V.42
/// polynomial, reflected 0xEDB88320, initial and final XOR 0xFFFFFFFF). Eight lines here rather
/// than a package reference added to the simulator's project for one function.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues a running CRC (start with 0) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        foreach (var b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
