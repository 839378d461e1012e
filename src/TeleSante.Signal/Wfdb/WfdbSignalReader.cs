using TeleSante.Signal.Wfdb.Internal;

namespace TeleSante.Signal.Wfdb;

/// <summary>
/// Streams the samples of a single-segment WFDB record block by block, so a long record need not
/// sit in memory. Opening checks every signal file's length against the header; reading the
/// record from start to end checks each signal's checksum (header(5)) when the header gives one.
/// </summary>
public sealed class WfdbSignalReader : IDisposable
{
    private readonly SignalFile[] _files;
    private readonly long[] _sums;
    private readonly string _headerPath;
    private bool _checksumsVerified;
    private bool _disposed;

    private WfdbSignalReader(WfdbHeader header, string headerPath, SignalFile[] files, long sampleCount)
    {
        Header = header;
        _headerPath = headerPath;
        _files = files;
        _sums = new long[header.Signals.Count];
        SampleCount = sampleCount;
    }

    public WfdbHeader Header { get; }

    /// <summary>Frames in the record: the header's count, or the one the file lengths give when the header has none.</summary>
    public long SampleCount { get; }

    /// <summary>Frames read since the start of the record.</summary>
    public long Position { get; private set; }

    /// <summary>Opens the record whose header is at <paramref name="headerPath"/>.</summary>
    /// <exception cref="WfdbFormatException">The header or a signal file is invalid or unsupported.</exception>
    public static WfdbSignalReader Open(string headerPath) =>
        Open(WfdbHeader.Read(headerPath), Path.GetDirectoryName(Path.GetFullPath(headerPath))!, headerPath);

    /// <summary>Opens a record from an already parsed header; signal files are looked up in <paramref name="directory"/>.</summary>
    /// <exception cref="WfdbFormatException">A signal file is missing, of the wrong length, or in an unsupported format.</exception>
    public static WfdbSignalReader Open(WfdbHeader header, string directory) =>
        Open(header, directory, Path.Combine(directory, header.Name + ".hea"));

    private static WfdbSignalReader Open(WfdbHeader header, string directory, string headerPath)
    {
        var groups = GroupByFile(header, headerPath);
        var files = new List<SignalFile>(groups.Count);
        try
        {
            var frames = header.SampleCount;
            foreach (var (fileName, indexes) in groups)
            {
                var first = header.Signals[indexes[0]];
                var names = string.Join(", ", indexes.Select(i => header.Signals[i].Description));
                var file = SignalFile.Open(
                    Path.Combine(directory, fileName),
                    first.Format,
                    first.ByteOffset,
                    header.SampleCount,
                    indexes,
                    indexes.Select(i => header.Signals[i].SamplesPerFrame).ToArray(),
                    $"signal(s) {names}");
                files.Add(file);

                // Without a count in the header each file's length gives one, and they must agree.
                if (files.Count == 1)
                {
                    frames = file.Frames;
                }
                else if (file.Frames != frames)
                {
                    throw new WfdbFormatException(file.Path, $"holds {file.Frames} frames but {files[0].Path} holds {frames}; the header gives no sample count to decide");
                }
            }

            return new WfdbSignalReader(header, headerPath, [.. files], frames);
        }
        catch
        {
            foreach (var file in files)
            {
                file.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Reads up to <paramref name="frameCount"/> frames into <paramref name="destination"/>, one
    /// array per header signal, starting at frame <paramref name="destinationFrame"/> of each
    /// array (a signal with k samples per frame receives k values per frame). Returns the frames
    /// read, 0 at the end of the record.
    /// </summary>
    /// <exception cref="WfdbFormatException">This read reached the end of the record and a checksum differs from the header's.</exception>
    public int Read(IReadOnlyList<int[]> destination, int destinationFrame, int frameCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(destinationFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        if (destination.Count != Header.Signals.Count)
        {
            throw new ArgumentException($"expected one array per signal ({Header.Signals.Count}), got {destination.Count}", nameof(destination));
        }

        var count = (int)Math.Min(frameCount, SampleCount - Position);
        for (var s = 0; s < destination.Count; s++)
        {
            var needed = ((long)destinationFrame + count) * Header.Signals[s].SamplesPerFrame;
            if (destination[s].Length < needed)
            {
                throw new ArgumentException($"array for signal {s} holds {destination[s].Length} values, {needed} needed", nameof(destination));
            }
        }

        foreach (var file in _files)
        {
            file.Read(destination, destinationFrame, count, _sums);
        }

        Position += count;
        if (Position == SampleCount && !_checksumsVerified)
        {
            _checksumsVerified = true;
            VerifyChecksums();
        }

        return count;
    }

    /// <summary>Goes back to frame 0 (a replay loop); the next full pass checks the checksums again.</summary>
    public void Rewind()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var file in _files)
        {
            file.Rewind();
        }

        Array.Clear(_sums);
        Position = 0;
        _checksumsVerified = false;
    }

    private void VerifyChecksums()
    {
        for (var s = 0; s < Header.Signals.Count; s++)
        {
            var spec = Header.Signals[s];

            // header(5): the checksum is the sum of all samples, truncated to 16 bits.
            var actual = unchecked((short)_sums[s]);
            if (spec.Checksum is { } expected && actual != expected)
            {
                throw new WfdbFormatException(_headerPath, $"signal {s} ({spec.Description}) in {spec.FileName}: checksum of the samples is {actual}, the header says {expected} (corrupt or mismatched signal file)");
            }
        }
    }

    private static List<(string FileName, int[] Indexes)> GroupByFile(WfdbHeader header, string headerPath)
    {
        var groups = new List<(string FileName, int[] Indexes)>();
        for (var s = 0; s < header.Signals.Count; s++)
        {
            var spec = header.Signals[s];
            if (!SignalFormats.IsSupported(spec.Format))
            {
                throw new WfdbFormatException(headerPath, $"signal {s} ({spec.Description}) is in format {spec.Format}; this reader decodes formats {string.Join(", ", SignalFormats.Supported)}");
            }

            if (spec.Skew != 0)
            {
                throw new WfdbFormatException(headerPath, $"signal {s} ({spec.Description}) has a skew of {spec.Skew} frames; skewed signals are not supported");
            }

            if (spec.FileName is "-" or "~")
            {
                throw new WfdbFormatException(headerPath, $"signal {s} ({spec.Description}) is read from '{spec.FileName}' (standard input or a null signal), which is not supported");
            }

            var at = groups.FindIndex(g => g.FileName == spec.FileName);
            if (at < 0)
            {
                groups.Add((spec.FileName, [s]));
                continue;
            }

            // signal(5): signals sharing a file are interleaved, which only works with one format and one offset.
            var first = header.Signals[groups[at].Indexes[0]];
            if (first.Format != spec.Format || first.ByteOffset != spec.ByteOffset)
            {
                throw new WfdbFormatException(headerPath, $"signals {groups[at].Indexes[0]} and {s} share {spec.FileName} but differ in format or byte offset ({first.Format}+{first.ByteOffset} vs {spec.Format}+{spec.ByteOffset})");
            }

            if (groups[at].Indexes[^1] != s - 1)
            {
                throw new WfdbFormatException(headerPath, $"signal {s} is in {spec.FileName} but does not follow that file's other signals in the header; signal(5) interleaves a file's signals in header order");
            }

            groups[at] = (spec.FileName, [.. groups[at].Indexes, s]);
        }

        return groups;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
