using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TeleSante.Signal.Wfdb;

/// <summary>
/// Writes WFDB records that PhysioNet's tools and this project's reader (<see cref="WfdbRecord"/>,
/// <see cref="WfdbAnnotations"/>) read back bit-exact: a header (header(5)), one format-16 signal file (signal(5):
/// 16-bit two's complement little-endian, frames interleaved) and an MIT-format annotation file (annotation(5)).
/// <para>Gaps: format 16 has no "absent" marker other than the value −32768 (WFDB_INVALID_SAMPLE), so a stretch with no
/// sample is written as −32768 and read back as NaN by <see cref="WfdbSignal.ToPhysical"/> and as a missing sample by the
/// QRS detector; a real sample cannot be −32768 (the writer refuses values outside −32768..32767 rather than clip).</para>
/// </summary>
public static partial class WfdbWriter
{
    /// <summary>The format-16 value that means "no sample" (signal(5)).</summary>
    public const int InvalidSample = short.MinValue;

    /// <summary>The signal file's storage format.</summary>
    public const int Format = 16;

    /// <summary>Writes <c>NAME.hea</c> and <c>NAME.dat</c> (and <c>NAME.atr</c> when <paramref name="annotations"/> is given)
    /// into <paramref name="directory"/>.</summary>
    public static void WriteFiles(string directory, string recordName, double samplingFrequency, IReadOnlyList<WfdbOutputSignal> signals,
        IReadOnlyList<string>? comments = null, IEnumerable<WfdbAnnotation>? annotations = null)
    {
        // Checked before any file is created, so a refused record leaves nothing behind.
        var frames = Check(recordName, samplingFrequency, signals, comments ?? []);
        using (var header = File.Create(Path.Combine(directory, recordName + ".hea")))
        using (var data = File.Create(Path.Combine(directory, recordName + ".dat")))
        {
            Write(recordName, samplingFrequency, signals, comments ?? [], header, data, frames);
        }

        if (annotations is not null)
        {
            using var atr = File.Create(Path.Combine(directory, recordName + ".atr"));
            WriteAnnotations(atr, annotations);
        }
    }

    /// <summary>Writes the header of record <paramref name="recordName"/> to <paramref name="header"/> and its samples
    /// to <paramref name="data"/> (the header names the signal file <c>NAME.dat</c>).</summary>
    /// <exception cref="ArgumentException">A name, description, unit, gain or sample cannot be written as given.</exception>
    public static void WriteRecord(string recordName, double samplingFrequency, IReadOnlyList<WfdbOutputSignal> signals, IReadOnlyList<string> comments, Stream header, Stream data)
    {
        var frames = Check(recordName, samplingFrequency, signals, comments);
        Write(recordName, samplingFrequency, signals, comments, header, data, frames);
    }

    private static void Write(string recordName, double samplingFrequency, IReadOnlyList<WfdbOutputSignal> signals, IReadOnlyList<string> comments, Stream header, Stream data, int frames)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{recordName} {signals.Count} {samplingFrequency.ToString("R", inv)} {frames}\n");
        foreach (var signal in signals)
        {
            // file format gain(baseline)/units adcres adczero initval checksum blocksize description
            var initial = frames > 0 ? signal.Samples[0] : 0;
            text.Append(inv, $"{recordName}.dat {Format} {signal.Gain.ToString("R", inv)}({signal.Baseline})/{signal.Units} 16 0 {initial} {Checksum(signal.Samples)} 0 {signal.Description}\n");
        }

        foreach (var comment in comments)
        {
            text.Append("# ").Append(comment).Append('\n');
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        header.Write(bytes);
        WriteSamples(data, signals, frames);
    }

    /// <summary>Writes MIT-format annotations (annotation(5)) in time order: an interval over 1023 samples goes in a SKIP,
    /// and SUB, CHN, NUM and AUX follow the annotation they modify (CHN and NUM only when they change, as they carry
    /// over). The file ends with the 0 word.</summary>
    /// <exception cref="ArgumentException">An annotation is out of order, has a code outside 1..49, or an AUX text too long.</exception>
    public static void WriteAnnotations(Stream stream, IEnumerable<WfdbAnnotation> annotations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        long time = 0;
        var channel = 0;
        var num = 0;
        var index = 0;
        foreach (var a in annotations)
        {
            if (a.Code is < 1 or > WfdbAnnotationCode.MaxAnnotationCode)
            {
                throw new ArgumentException($"annotation {index}: code {a.Code} is not an annotation code (1..{WfdbAnnotationCode.MaxAnnotationCode})", nameof(annotations));
            }

            if (a.SampleIndex < time)
            {
                throw new ArgumentException($"annotation {index} at sample {a.SampleIndex} comes before the previous one at {time}: annotations must be in time order", nameof(annotations));
            }

            var interval = a.SampleIndex - time;
            if (interval > 0x3FF)
            {
                // SKIP carries a 32-bit signed interval (PDP-11 long: high word first); longer ones take several.
                while (interval > 0)
                {
                    var step = (int)Math.Min(interval, int.MaxValue);
                    Word(buffer, (WfdbAnnotationCode.Skip << 10) | 0);
                    Word(buffer, (ushort)((uint)step >> 16));
                    Word(buffer, (ushort)(step & 0xFFFF));
                    interval -= step;
                }
            }

            Word(buffer, (a.Code << 10) | (int)interval);
            time = a.SampleIndex;
            if (a.Subtype != 0)
            {
                Word(buffer, (WfdbAnnotationCode.Sub << 10) | (a.Subtype & 0xFF));
            }

            if (a.Channel != channel)
            {
                channel = a.Channel;
                Word(buffer, (WfdbAnnotationCode.Chn << 10) | (channel & 0xFF));
            }

            if (a.Num != num)
            {
                num = a.Num;
                Word(buffer, (WfdbAnnotationCode.Num << 10) | (num & 0xFF));
            }

            if (a.Aux is { } aux)
            {
                // The library counts a terminating NUL and pads the text to an even length.
                var text = Encoding.Latin1.GetBytes(aux + "\0");
                if (text.Length > 255)
                {
                    throw new ArgumentException($"annotation {index}: AUX text of {aux.Length} characters is longer than annotation(5)'s 254", nameof(annotations));
                }

                Word(buffer, (WfdbAnnotationCode.Aux << 10) | text.Length);
                buffer.Write(text);
                if (text.Length % 2 == 1)
                {
                    buffer.Write([(byte)0]);
                }
            }

            index++;
        }

        Word(buffer, 0);
        stream.Write(buffer.WrittenSpan);
    }

    private static void Word(ArrayBufferWriter<byte> buffer, int word)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), (ushort)word);
        buffer.Advance(2);
    }

    private static void WriteSamples(Stream data, IReadOnlyList<WfdbOutputSignal> signals, int frames)
    {
        // Frames in blocks through one pooled buffer: a 12-lead hour at 500 Hz is 43 MB, never built whole.
        const int BlockFrames = 4096;
        var frameBytes = 2 * signals.Count;
        var block = ArrayPool<byte>.Shared.Rent(Math.Max(1, BlockFrames * frameBytes));
        try
        {
            for (var start = 0; start < frames; start += BlockFrames)
            {
                var count = Math.Min(BlockFrames, frames - start);
                for (var f = 0; f < count; f++)
                {
                    for (var s = 0; s < signals.Count; s++)
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(block.AsSpan((f * frameBytes) + (2 * s)), (short)signals[s].Samples[start + f]);
                    }
                }

                data.Write(block, 0, count * frameBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    // header(5): the 16-bit sum of all samples, as a signed value.
    private static short Checksum(int[] samples)
    {
        short sum = 0;
        foreach (var s in samples)
        {
            sum = unchecked((short)(sum + s));
        }

        return sum;
    }

    private static int Check(string recordName, double samplingFrequency, IReadOnlyList<WfdbOutputSignal> signals, IReadOnlyList<string> comments)
    {
        if (!RecordName().IsMatch(recordName))
        {
            throw new ArgumentException($"record name '{recordName}' must be letters, digits and underscores (header(5))", nameof(recordName));
        }

        if (!(samplingFrequency > 0) || !double.IsFinite(samplingFrequency))
        {
            throw new ArgumentException($"sampling frequency {samplingFrequency} must be a positive number of frames per second", nameof(samplingFrequency));
        }

        if (signals.Count == 0)
        {
            throw new ArgumentException("a record needs at least one signal", nameof(signals));
        }

        var frames = signals[0].Samples.Length;
        for (var i = 0; i < signals.Count; i++)
        {
            var s = signals[i];
            if (s.Samples.Length != frames)
            {
                throw new ArgumentException($"signal {i} has {s.Samples.Length} samples and signal 0 has {frames}: every signal needs one sample per frame", nameof(signals));
            }

            if (string.IsNullOrEmpty(s.Description) || s.Description != s.Description.Trim() || s.Description.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"signal {i} description '{s.Description}' must be non-empty, one line, without leading or trailing blanks", nameof(signals));
            }

            if (!(s.Gain > 0) || !double.IsFinite(s.Gain))
            {
                throw new ArgumentException($"signal {i} gain {s.Gain} must be positive (0 means uncalibrated in header(5))", nameof(signals));
            }

            if (!Units().IsMatch(s.Units))
            {
                throw new ArgumentException($"signal {i} units '{s.Units}' must be one word without blanks", nameof(signals));
            }

            for (var k = 0; k < s.Samples.Length; k++)
            {
                if (s.Samples[k] is < short.MinValue or > short.MaxValue)
                {
                    throw new ArgumentException($"signal {i} sample {k} is {s.Samples[k]}, outside format 16's -32768..32767", nameof(signals));
                }
            }
        }

        foreach (var comment in comments)
        {
            if (comment.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException("a header comment must be one line", nameof(comments));
            }
        }

        return frames;
    }

    [GeneratedRegex("^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordName();

    [GeneratedRegex(@"^[^\s()/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
