using CsCheck;
using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>Random headers and sample arrays, written by the test's own writers, read back unchanged.</summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Gen<string> Token =
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"].Array[1, 10].Select(a => new string(a));

    private static readonly Gen<int> Format = Gen.OneOf(212, 16, 61, 80);

    private static readonly Gen<SignalLineModel> SignalLine =
        from file in Token.Select(t => t + ".dat")
        from format in Format
        from spf in Gen.Int[1, 4].Nullable()
        from skew in Gen.Int[0, 100].Nullable()
        from offset in Gen.Long[0, 1 << 20].Nullable()
        from gain in Gen.OneOf(Gen.Const(0.0), Gen.Double[0.001, 1e6], Gen.Int[1, 5000].Select(i => (double)i))
        from baseline in Gen.Int[-5000, 5000].Nullable()
        from units in Gen.OneOf<string?>("mV", "uV", "mmHg", "%", "1", null)
        from resolution in Gen.Int[0, 24]
        from adcZero in Gen.Int[-2048, 2048]
        from initial in Gen.Int[-32768, 32767]
        from checksum in Gen.Short
        from blockSize in Gen.Int[0, 4096]
        from description in Gen.Char["abcXYZ019 ,-_()"].Array[0, 16].Select(a => "d" + new string(a))
        from fieldCount in Gen.Int[2, 9]
        select new SignalLineModel(file, format, spf, skew, offset, gain, baseline, units, resolution, adcZero, initial, checksum, blockSize, description, fieldCount);

    private static readonly Gen<RecordLineModel> RecordLine =
        from name in Token
        from frequency in Gen.Double[0.5, 10_000]
        from counter in Gen.Double[0.5, 10_000].Nullable()
        from baseCounter in Gen.Double[0, 1e6].Nullable()
        from samples in Gen.Long[0, 1_000_000_000]
        from seconds in Gen.Int[0, 86_399]
        from days in Gen.Int[0, 60_000]
        from fieldCount in Gen.Int[2, 6]
        select new RecordLineModel(name, frequency, counter, baseCounter, samples, TimeSpan.FromSeconds(seconds), DateOnly.FromDayNumber(693_595 + days), fieldCount);

    private static readonly Gen<List<string>> Comments =
        Gen.Char["abc XYZ:;,.()0123456789/#"].Array[0, 30].Select(a => new string(a)).List[0, 4];

    [Fact]
    public void Random_headers_written_by_a_test_writer_parse_back_to_what_they_say()
    {
        Gen.Select(RecordLine, SignalLine.List[0, 6], Comments).Sample((record, signals, comments) =>
        {
            var text = TestHeaderWriter.Write(record, signals, comments);

            var parsed = WfdbHeader.Parse(text);

            parsed.Should().BeEquivalentTo(
                TestHeaderWriter.Expected(record, signals, comments),
                o => o.ComparingByMembers<WfdbHeader>().ComparingByMembers<WfdbSignalSpec>().WithStrictOrdering(),
                text);
        }, iter: 300);
    }

    [Fact]
    public void Random_samples_encoded_by_a_test_encoder_decode_identically()
    {
        var gen =
            from format in Format
            from spfs in Gen.Int[1, 3].Array[1, 4]
            from frames in Gen.Int[0, 40]
            from values in Gen.Int[TestSampleEncoder.Range(format).Min, TestSampleEncoder.Range(format).Max].Array[frames * spfs.Sum()]
            from countInHeader in Gen.Bool
            select (format, spfs, frames, values, countInHeader);

        gen.Sample(t =>
        {
            var (format, spfs, frames, values, countInHeader) = t;
            var expected = Deinterleave(values, spfs, frames);
            using var dir = new TempDirectory();
            dir.Write("p.dat", TestSampleEncoder.Encode(format, values));
            var lines = spfs.Select((spf, s) =>
                $"p.dat {format}x{spf} 200 0 0 {(expected[s].Length > 0 ? expected[s][0] : 0)} {TestSampleEncoder.Checksum(expected[s])} 0 s{s}");
            var count = countInHeader ? frames : 0;
            var header = dir.Write("p.hea", $"p {spfs.Length} 500 {count}\n{string.Join('\n', lines)}\n");

            var record = WfdbRecord.Read(header);

            record.SampleCount.Should().Be(frames);
            for (var s = 0; s < spfs.Length; s++)
            {
                record.Signals[s].Samples.Should().Equal(expected[s], $"signal {s} of {spfs.Length}, format {format}");
            }
        }, iter: 200);
    }

    private static int[][] Deinterleave(int[] values, int[] spfs, int frames)
    {
        var signals = spfs.Select(spf => new List<int>(frames * spf)).ToArray();
        var i = 0;
        for (var f = 0; f < frames; f++)
        {
            for (var s = 0; s < spfs.Length; s++)
            {
                for (var j = 0; j < spfs[s]; j++)
                {
                    signals[s].Add(values[i++]);
                }
            }
        }

        return signals.Select(l => l.ToArray()).ToArray();
    }
}
