namespace TeleSante.Imaging.Internal;

/// <summary>The data of a PNG's IDAT chunks read as one stream (the zlib stream is split across
/// them at arbitrary points, ISO 15948 §10.1), straight from the file without copying it.</summary>
internal sealed class IdatStream(Stream file, IReadOnlyList<(long Offset, int Length)> segments) : Stream
{
    private int _segment;
    private int _consumed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_segment < segments.Count && _consumed == segments[_segment].Length)
        {
            _segment++;
            _consumed = 0;
        }

        if (_segment == segments.Count || buffer.IsEmpty)
        {
            return 0;
        }

        var (offset, length) = segments[_segment];
        file.Position = offset + _consumed;
        var read = file.Read(buffer[..Math.Min(buffer.Length, length - _consumed)]);
        if (read == 0)
        {
            throw new EndOfStreamException("the PNG file changed while it was being checked");
        }

        _consumed += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
