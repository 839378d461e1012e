using System.Buffers;

namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>
/// One signal file of a record and the signals stored in it, read block by block. signal(5):
/// the signals of a file are interleaved frame by frame, each contributing its samples-per-frame
/// consecutive samples, in header order.
/// </summary>
internal sealed class SignalFile : IDisposable
{
    // An even frame count keeps every block of format 212 on a three-byte boundary, whatever the
    // number of samples per frame.
    private const int BlockFrames = 4096;

    private readonly FileStream _stream;
    private readonly int _format;
    private readonly long _byteOffset;
    private readonly long _frames;
    private readonly int[] _signalIndexes;
    private readonly int[] _samplesPerFrame;
    private readonly int _frameSamples;
    private readonly byte[] _raw;
    private readonly int[] _decoded;
    private long _blockStart;
    private int _blockFrames;
    private int _cursor;
    private bool _disposed;

    private SignalFile(string path, FileStream stream, int format, long byteOffset, long frames, int[] signalIndexes, int[] samplesPerFrame)
    {
        Path = path;
        _stream = stream;
        _format = format;
        _byteOffset = byteOffset;
        _frames = frames;
        _signalIndexes = signalIndexes;
        _samplesPerFrame = samplesPerFrame;
        _frameSamples = samplesPerFrame.Sum();
        _raw = ArrayPool<byte>.Shared.Rent((int)SignalFormats.BytesFor(format, (long)BlockFrames * _frameSamples));
        _decoded = ArrayPool<int>.Shared.Rent(BlockFrames * _frameSamples);
    }

    public string Path { get; }

    /// <summary>Indexes, in the header, of the signals this file holds.</summary>
    public IReadOnlyList<int> SignalIndexes => _signalIndexes;

    /// <summary>
    /// Opens the file and checks its length against the header. <paramref name="frames"/> is the
    /// header's sample count, or 0 to take it from the file length (header(5) allows omitting it).
    /// </summary>
    public static SignalFile Open(string path, int format, long byteOffset, long frames, int[] signalIndexes, int[] samplesPerFrame, string description)
    {
        var frameSamples = samplesPerFrame.Sum();
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WfdbFormatException(path, $"signal file of {description} does not exist", innerException: e);
        }

        try
        {
            var available = stream.Length - byteOffset;
            if (frames == 0)
            {
                var samples = available < 0 ? -1 : SignalFormats.SamplesIn(format, available);
                if (samples < 0 || samples % frameSamples != 0)
                {
                    throw new WfdbFormatException(path, $"holds {stream.Length} bytes, which is not a whole number of frames of {frameSamples} sample(s) in format {format} after a {byteOffset}-byte offset");
                }

                frames = samples / frameSamples;
            }
            else
            {
                var totalSamples = frames * frameSamples;
                var expected = SignalFormats.BytesFor(format, totalSamples);

                // A writer may pad a lone last 212 sample to a full triplet.
                var padded = format == 212 && totalSamples % 2 == 1 ? expected + 1 : expected;
                if (available != expected && available != padded)
                {
                    var verdict = available < expected ? "truncated" : "longer than the header says";
                    throw new WfdbFormatException(path, $"{verdict}: the header announces {frames} frames of {frameSamples} sample(s) in format {format} ({description}), which need {byteOffset + expected} bytes, but the file holds {stream.Length}");
                }
            }

            var file = new SignalFile(path, stream, format, byteOffset, frames, signalIndexes, samplesPerFrame);
            file.Rewind();
            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public long Frames => _frames;

    public void Rewind()
    {
        _stream.Position = _byteOffset;
        _blockStart = 0;
        _blockFrames = 0;
        _cursor = 0;
    }

    /// <summary>
    /// Copies the next <paramref name="count"/> frames of each of this file's signals into
    /// <paramref name="destination"/> (indexed by header signal number) at frame
    /// <paramref name="destinationFrame"/>, adding each sample to <paramref name="sums"/>.
    /// The caller never asks past <see cref="Frames"/>.
    /// </summary>
    public void Read(IReadOnlyList<int[]> destination, int destinationFrame, int count, long[] sums)
    {
        while (count > 0)
        {
            if (_cursor == _blockFrames)
            {
                FillBlock();
            }

            var take = Math.Min(count, _blockFrames - _cursor);
            var offsetInFrame = 0;
            for (var k = 0; k < _signalIndexes.Length; k++)
            {
                var signal = _signalIndexes[k];
                var spf = _samplesPerFrame[k];
                var target = destination[signal].AsSpan(destinationFrame * spf, take * spf);
                var sum = 0L;
                for (var f = 0; f < take; f++)
                {
                    var from = (_cursor + f) * _frameSamples + offsetInFrame;
                    for (var j = 0; j < spf; j++)
                    {
                        var value = _decoded[from + j];
                        target[f * spf + j] = value;
                        sum += value;
                    }
                }

                sums[signal] += sum;
                offsetInFrame += spf;
            }

            _cursor += take;
            destinationFrame += take;
            count -= take;
        }
    }

    private void FillBlock()
    {
        _blockStart += _blockFrames;
        var frames = (int)Math.Min(BlockFrames, _frames - _blockStart);
        var samples = frames * _frameSamples;
        var bytes = (int)SignalFormats.BytesFor(_format, samples);
        var raw = _raw.AsSpan(0, bytes);
        var read = _stream.ReadAtLeast(raw, bytes, throwOnEndOfStream: false);
        if (read < bytes)
        {
            // The length was checked at open: the file shrank under us.
            throw new WfdbFormatException(Path, $"ended early at frame {_blockStart} (was it truncated while being read?)");
        }

        SampleDecoder.Decode(_format, raw, _decoded.AsSpan(0, samples));
        _blockFrames = frames;
        _cursor = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_raw);
        ArrayPool<int>.Shared.Return(_decoded);
    }
}
