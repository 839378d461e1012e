namespace TeleSante.Gateway.Tests.Infrastructure;

/// <summary>A request body that sends the first half of its bytes, then waits until the request is
/// cancelled: a camera whose link drops mid-upload.</summary>
internal sealed class HalfThenWait(byte[] bytes) : Stream
{
    private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public Task HalfSent => _halfSent.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var half = bytes.Length / 2;
        if (_position >= half)
        {
            _halfSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var n = Math.Min(buffer.Length, half - _position);
        bytes.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
