using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>Hand-built signal files whose bytes were worked out from signal(5) on paper.</summary>
public sealed class SignalFormatTests
{
    [Fact]
    public void Format_212_with_negative_values_and_an_odd_sample_count_decodes_exactly()
    {
        // Samples -1, 2047, -2048, 0, -300 as 12-bit two's complement: fff 7ff 800 000 ed4.
        //   (-1, 2047)   -> ff, 7f (low nibble f = high bits of fff, high nibble 7 = high bits of 7ff), ff
        //   (-2048, 0)   -> 00, 08, 00
        //   -300 alone   -> d4, 0e (a lone last sample takes two bytes)
        byte[] bytes = [0xFF, 0x7F, 0xFF, 0x00, 0x08, 0x00, 0xD4, 0x0E];
        using var dir = new TempDirectory();
        dir.Write("hand.dat", bytes);
        var header = dir.Write("hand.hea", "hand 1 250 5\nhand.dat 212 100 12 0 -1 -302 0 test lead\n");

        var record = WfdbRecord.Read(header);

        record.Signals[0].Samples.Should().Equal(-1, 2047, -2048, 0, -300);
        record.Signals[0].Description.Should().Be("test lead");
        TestSampleEncoder.Encode(212, [-1, 2047, -2048, 0, -300]).Should().Equal(bytes);
    }

    [Fact]
    public void Format_212_pairs_may_straddle_frames_when_a_file_holds_three_signals()
    {
        // One frame of three signals (-5, 100, -2000): the pair (-5, 100) -> fb 0f 64, then -2000 (830) alone -> 30 08.
        using var dir = new TempDirectory();
        dir.Write("tri.dat", [0xFB, 0x0F, 0x64, 0x30, 0x08]);
        var header = dir.Write("tri.hea", "tri 3 500 1\ntri.dat 212 200 12 0 -5\ntri.dat 212 200 12 0 100\ntri.dat 212 200 12 0 -2000\n");

        var record = WfdbRecord.Read(header);

        record.Signals.Select(s => s.Samples.Single()).Should().Equal(-5, 100, -2000);
    }

    [Fact]
    public void Format_212_with_a_padded_last_triplet_is_accepted()
    {
        using var dir = new TempDirectory();
        dir.Write("pad.dat", [0xFF, 0x7F, 0xFF, 0xD4, 0x0E, 0x00]);
        var header = dir.Write("pad.hea", "pad 1 250 3\npad.dat 212\n");

        WfdbRecord.Read(header).Signals[0].Samples.Should().Equal(-1, 2047, -300);
    }

    [Fact]
    public void Format_212_across_read_blocks_with_an_odd_number_of_signals_matches_the_encoder()
    {
        // 9001 frames of 3 signals cross the reader's internal block boundaries with an odd frame width.
        var random = new Random(212);
        var frames = 9001;
        var samples = Enumerable.Range(0, frames * 3).Select(_ => random.Next(-2048, 2048)).ToArray();
        using var dir = new TempDirectory();
        dir.Write("big.dat", TestSampleEncoder.Encode(212, samples));
        var lines = Enumerable.Range(0, 3).Select(s =>
            $"big.dat 212 200 12 0 {samples[s]} {TestSampleEncoder.Checksum(samples.Where((_, i) => i % 3 == s))} 0 s{s}");
        var header = dir.Write("big.hea", $"big 3 500 {frames}\n{string.Join('\n', lines)}\n");

        var record = WfdbRecord.Read(header);

        for (var s = 0; s < 3; s++)
        {
            record.Signals[s].Samples.Should().Equal(samples.Where((_, i) => i % 3 == s));
        }
    }

    [Fact]
    public void Format_16_61_and_80_decode_their_byte_orders_and_offsets()
    {
        using var dir = new TempDirectory();
        dir.Write("le.dat", [0x17, 0xFE, 0xFF, 0x7F, 0x00, 0x80]);  // little-endian: -489, 32767, -32768
        dir.Write("be.dat", [0xFE, 0x17, 0x7F, 0xFF, 0x80, 0x00]);  // big-endian, same values
        dir.Write("ob.dat", [0x00, 0x80, 0xFF]);                    // offset binary: -128, 0, 127
        var header = dir.Write("mix.hea", "mix 3 100 3\nle.dat 16\nbe.dat 61\nob.dat 80\n");

        var record = WfdbRecord.Read(header);

        record.Signals[0].Samples.Should().Equal(-489, 32767, -32768);
        record.Signals[1].Samples.Should().Equal(-489, 32767, -32768);
        record.Signals[2].Samples.Should().Equal(-128, 0, 127);
    }

    [Fact]
    public void The_reserved_invalid_sample_value_has_no_physical_value()
    {
        using var dir = new TempDirectory();
        dir.Write("gap.dat", TestSampleEncoder.Encode(212, [-2048, 200]));
        var header = dir.Write("gap.hea", "gap 1 250 2\ngap.dat 212 200(0)/mV\n");

        var record = WfdbRecord.Read(header);

        record.Signals[0].Samples.Should().Equal([-2048, 200], "the raw value is kept as stored");
        record.ToPhysical(0, 0).Should().Be(double.NaN);
        record.ToPhysical(0, 1).Should().Be(1.0);
    }

    [Fact]
    public void A_header_without_a_sample_count_takes_it_from_the_file_length()
    {
        using var dir = new TempDirectory();
        dir.Write("open.dat", TestSampleEncoder.Encode(16, [1, 2, 3, 4, 5, 6]));
        var header = dir.Write("open.hea", "open 2 128\nopen.dat 16\nopen.dat 16\n");

        var record = WfdbRecord.Read(header);

        record.Header.SampleCount.Should().Be(0);
        record.SampleCount.Should().Be(3);
        record.Signals[1].Samples.Should().Equal(2, 4, 6);
    }

    [Fact]
    public void Multi_frequency_signals_get_their_samples_per_frame_and_a_byte_offset_is_skipped()
    {
        // Frames of (a, b, b): signal 1 has two samples per frame. Four junk bytes precede sample 0.
        using var dir = new TempDirectory();
        dir.Write("mf.dat", [0xDE, 0xAD, 0xBE, 0xEF, .. TestSampleEncoder.Encode(16, [1, 10, 11, 2, 20, 21])]);
        var header = dir.Write("mf.hea", "mf 2 100 2\nmf.dat 16+4\nmf.dat 16x2+4\n");

        var record = WfdbRecord.Read(header);

        record.Signals[0].Samples.Should().Equal(1, 2);
        record.Signals[1].Samples.Should().Equal(10, 11, 20, 21);
    }
}
