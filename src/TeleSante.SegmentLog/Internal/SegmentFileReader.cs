using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace TeleSante.SegmentLog.Internal;

/// <summary>Positional reads of a segment file through one pooled window, so sequential record reads cost few syscalls.</summary>
internal sealed class SegmentFileReader(SafeFileHandle handle, int windowBytes, bool ownsHandle) : IDisposable
{
    private byte[] _window = ArrayPool<byte>.Shared.Rent(windowBytes);
    private long _windowStart;
    private int _windowLength;

    public SafeFileHandle Handle { get; } = handle;

    /// <summary>
    /// The bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>), or false when they
    /// do not all lie below <paramref name="limit"/>. Never reads at or past <paramref name="limit"/>: a reader passes
    /// the durable length, so the window never caches bytes the writer is still writing.
    /// </summary>
    public bool TryGet(long offset, int count, long limit, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (offset < 0 || count < 0 || offset + count > limit)
        {
            return false;
        }

        if (offset >= _windowStart && offset + count <= _windowStart + _windowLength)
        {
            bytes = _window.AsSpan((int)(offset - _windowStart), count);
            return true;
        }

        if (_window.Length < count)
        {
            ArrayPool<byte>.Shared.Return(_window);
            _window = ArrayPool<byte>.Shared.Rent(count);
        }

        var wanted = (int)Math.Min(_window.Length, limit - offset);
        var filled = 0;
        while (filled < wanted)
        {
            var read = RandomAccess.Read(Handle, _window.AsSpan(filled, wanted - filled), offset + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        _windowStart = offset;
        _windowLength = filled;
        if (filled < count)
        {
            return false;
        }

        bytes = _window.AsSpan(0, count);
        return true;
    }

    public void Dispose()
    {
        if (ownsHandle)
        {
            Handle.Dispose();
        }

        var window = Interlocked.Exchange(ref _window, []);
        if (window.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(window);
        }

        _windowLength = 0;
    }
}
