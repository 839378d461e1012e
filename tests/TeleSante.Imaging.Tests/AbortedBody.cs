namespace TeleSante.Imaging.Tests;

/// <summary>A request body that delivers its first bytes, then fails as Kestrel's body does when the
/// client goes away mid-upload.</summary>
internal sealed class AbortedBody(byte[] start) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position == start.Length)
        {
            throw new IOException("The client reset the request stream.");
        }

        var n = Math.Min(count, start.Length - _position);
        start.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
