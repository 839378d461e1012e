namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Cuts the raw byte stream of a serial port into lines, the way an NMEA receiver does: LF ends a line
/// (a CR before it is dropped), '$' always starts a new sentence (whatever came before it without a
/// line end is a fragment: the receiver resynchronises after noise without losing the next sentence),
/// and a line never grows past <see cref="SerialLineProtocol.MaxLineBytes"/> + 1 bytes (a device at the
/// wrong baud rate produces no line ends). Works on bytes, not characters, so that a damaged byte
/// reaches the checksum and the rejected-lines file exactly as received.
/// </summary>
internal sealed class SerialLineFramer
{
    // One byte more than a sentence may have, so that a CR before the LF still fits.
    private readonly byte[] _buffer = new byte[SerialLineProtocol.MaxLineBytes + 1];
    private int _count;
    private long _discarded;

    /// <summary>Bytes held for a line not yet ended.</summary>
    public int Pending => _count;

    public void Push(ReadOnlySpan<byte> data, List<SerialFrame> frames)
    {
        foreach (var b in data)
        {
            switch (b)
            {
                case (byte)'\n':
                    EndLine(frames);
                    break;
                case (byte)'$' when _count > 0 || _discarded > 0:
                    frames.Add(Take(_discarded > 0 ? SerialFrameKind.TooLong : SerialFrameKind.Fragment));
                    Append(b);
                    break;
                default:
                    Append(b);
                    break;
            }
        }
    }

    /// <summary>The port closed or the agent stops: whatever is held becomes a fragment (kept, not lost).</summary>
    public void Flush(List<SerialFrame> frames)
    {
        if (_count > 0 || _discarded > 0)
        {
            frames.Add(Take(_discarded > 0 ? SerialFrameKind.TooLong : SerialFrameKind.Fragment));
        }
    }

    private void Append(byte b)
    {
        if (_count < _buffer.Length)
        {
            _buffer[_count++] = b;
        }
        else
        {
            _discarded++;
        }
    }

    private void EndLine(List<SerialFrame> frames)
    {
        if (_discarded > 0)
        {
            frames.Add(Take(SerialFrameKind.TooLong));
            return;
        }

        if (_count > 0 && _buffer[_count - 1] == (byte)'\r')
        {
            _count--;
        }

        frames.Add(_count == 0 ? new SerialFrame(SerialFrameKind.Empty, []) : Take(SerialFrameKind.Line));
        _count = 0;
    }

    private SerialFrame Take(SerialFrameKind kind)
    {
        var frame = new SerialFrame(kind, _buffer.AsSpan(0, _count).ToArray(), _discarded);
        _count = 0;
        _discarded = 0;
        return frame;
    }
}
