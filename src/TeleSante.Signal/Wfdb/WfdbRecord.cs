namespace TeleSante.Signal.Wfdb;

/// <summary>
/// A single-segment WFDB record read whole into memory: header fields, comments, and every
/// signal's raw samples. Reading checks file lengths and checksums against the header; for
/// records too long to hold, use <see cref="WfdbSignalReader"/>.
/// </summary>
public sealed class WfdbRecord
{
    private WfdbRecord(WfdbHeader header, long sampleCount, IReadOnlyList<WfdbSignal> signals)
    {
        Header = header;
        SampleCount = sampleCount;
        Signals = signals;
    }

    public WfdbHeader Header { get; }

    public string Name => Header.Name;

    /// <summary>Frames per second (samples per second for a signal with one sample per frame).</summary>
    public double SamplingFrequency => Header.SamplingFrequency;

    /// <summary>Frames in the record (from the header, or from the file length when the header omits it).</summary>
    public long SampleCount { get; }

    public IReadOnlyList<WfdbSignal> Signals { get; }

    /// <summary>The header's comment lines, in order (PTB keeps the clinical summary there).</summary>
    public IReadOnlyList<string> Comments => Header.Comments;

    /// <summary>Reads the record whose header is at <paramref name="headerPath"/>, with its signal files beside it.</summary>
    /// <exception cref="WfdbFormatException">The header or a signal file is invalid, inconsistent or unsupported.</exception>
    public static WfdbRecord Read(string headerPath)
    {
        using var reader = WfdbSignalReader.Open(headerPath);
        return ReadAll(reader, headerPath);
    }

    /// <summary>Reads record <paramref name="recordName"/> from <paramref name="directory"/> (<c>NAME.hea</c> and its signal files).</summary>
    /// <exception cref="WfdbFormatException">The header or a signal file is invalid, inconsistent or unsupported.</exception>
    public static WfdbRecord Open(string directory, string recordName) => Read(Path.Combine(directory, recordName + ".hea"));

    /// <summary>Sample <paramref name="index"/> of signal <paramref name="signal"/> in physical units: (adu - baseline) / gain.</summary>
    public double ToPhysical(int signal, int index) => Signals[signal].ToPhysical(index);

    private static WfdbRecord ReadAll(WfdbSignalReader reader, string headerPath)
    {
        var header = reader.Header;
        var buffers = new int[header.Signals.Count][];
        for (var s = 0; s < buffers.Length; s++)
        {
            var values = reader.SampleCount * header.Signals[s].SamplesPerFrame;
            if (values > Array.MaxLength)
            {
                throw new WfdbFormatException(headerPath, $"signal {s} has {values} samples, too many for one array; stream it with {nameof(WfdbSignalReader)}");
            }

            buffers[s] = new int[values];
        }

        var frames = (int)reader.SampleCount;
        var read = 0;
        while (read < frames)
        {
            read += reader.Read(buffers, read, frames - read);
        }

        // A zero-frame record never enters the loop; one read of nothing still runs the checksum check.
        if (frames == 0)
        {
            reader.Read(buffers, 0, 0);
        }

        var signals = new WfdbSignal[buffers.Length];
        for (var s = 0; s < signals.Length; s++)
        {
            signals[s] = new WfdbSignal(header.Signals[s], buffers[s]);
        }

        return new WfdbRecord(header, reader.SampleCount, signals);
    }
}
