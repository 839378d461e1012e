using System.Globalization;

namespace TeleSante.FirmwareSim.Serial;

/// <summary>
/// A device's sequence counter in non-volatile memory, the way firmware keeps one on flash: it reserves a
/// block of numbers (writes the block's ceiling) before using any of them, so a power cut can only skip
/// numbers, never reuse one; and the flash is written once per block, not once per reading.
/// </summary>
public sealed class PersistentSeq
{
    private readonly string _path;
    private readonly int _block;
    private ulong _next;
    private ulong _ceiling;

    public PersistentSeq(string path, int block = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block, 1);
        _path = path;
        _block = block;
        _ceiling = File.Exists(path) ? ulong.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture) : 0;
        _next = _ceiling + 1;
    }

    /// <summary>The next number; reserves a new block on "flash" when the current one is used up.</summary>
    public ulong Next()
    {
        if (_next > _ceiling)
        {
            var ceiling = _next + (ulong)_block - 1;
            var temp = _path + ".tmp";
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes(ceiling.ToString(CultureInfo.InvariantCulture)));
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
            _ceiling = ceiling;
        }

        return _next++;
    }
}
