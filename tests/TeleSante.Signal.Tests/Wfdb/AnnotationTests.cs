using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

public sealed class AnnotationTests
{
    private static readonly Lazy<WfdbAnnotations> Record100 = new(() => WfdbAnnotations.Read(TestData.File("100.atr"), 360));

    [Fact]
    public void Record_100_reference_annotations_hold_2273_beats_2239_N_33_A_1_V_and_one_rhythm_label()
    {
        var annotations = Record100.Value;

        annotations.Should().HaveCount(2274);
        annotations.Count(a => a.IsBeat).Should().Be(2273);
        annotations.GroupBy(a => a.Mnemonic).ToDictionary(g => g.Key, g => g.Count())
            .Should().BeEquivalentTo(new Dictionary<string, int> { ["N"] = 2239, ["A"] = 33, ["V"] = 1, ["+"] = 1 });
    }

    [Fact]
    public void Record_100_opens_with_a_normal_rhythm_label_carried_in_the_aux_string()
    {
        // 100.atr starts 12 70 | 03 fc | 28 4e 00 00: code 28 (+) at +18 samples, then AUX of 3 bytes "(N\0" padded to 4.
        var first = Record100.Value[0];

        first.Code.Should().Be(WfdbAnnotationCode.RhythmChange);
        first.Mnemonic.Should().Be("+");
        first.SampleIndex.Should().Be(18);
        first.Seconds.Should().BeApproximately(0.05, 1e-12);
        first.Aux.Should().Be("(N");
        first.IsBeat.Should().BeFalse();
    }

    [Fact]
    public void Record_100_beat_times_match_the_file()
    {
        // 3b 04 after the AUX: code 1 (N), +59 samples -> 77. Later times come from a separate Python decoder.
        var annotations = Record100.Value;

        annotations.Take(5).Select(a => (a.SampleIndex, a.Mnemonic)).Should().Equal((18L, "+"), (77L, "N"), (370L, "N"), (662L, "N"), (946L, "N"));
        annotations[^1].SampleIndex.Should().Be(649_991);
        annotations.First(a => a.Mnemonic == "A").SampleIndex.Should().Be(2044);
        annotations.Select(a => a.SampleIndex).Should().BeInAscendingOrder();
    }

    [Fact]
    public void Record_100_single_ventricular_beat_carries_subtype_1()
    {
        // The one V (sample 546792) is followed in the file by a SUB word with I = 1.
        var v = Record100.Value.Single(a => a.Code == WfdbAnnotationCode.PrematureVentricular);

        v.SampleIndex.Should().Be(546_792);
        v.Subtype.Should().Be(1);
        Record100.Value.Where(a => a.SampleIndex != 546_792).Should().AllSatisfy(a => a.Subtype.Should().Be(0));
    }

    [Theory]
    [InlineData(WfdbAnnotationCode.Normal, true)]
    [InlineData(WfdbAnnotationCode.PrematureVentricular, true)]
    [InlineData(WfdbAnnotationCode.AtrialPremature, true)]
    [InlineData(WfdbAnnotationCode.Learning, true)]
    [InlineData(WfdbAnnotationCode.ROnT, true)]
    [InlineData(WfdbAnnotationCode.BundleBranchBlock, true)]
    [InlineData(WfdbAnnotationCode.RhythmChange, false)]
    [InlineData(WfdbAnnotationCode.Noise, false)]
    [InlineData(WfdbAnnotationCode.Note, false)]
    [InlineData(WfdbAnnotationCode.Artifact, false)]
    [InlineData(WfdbAnnotationCode.NotQrs, false)]
    [InlineData(37, false)] // x: non-conducted P wave, no QRS
    public void Only_standard_beat_codes_count_as_beats(int code, bool beat)
    {
        WfdbAnnotations.IsBeat(code).Should().Be(beat);
    }

    [Fact]
    public void The_nineteen_beat_codes_have_the_mnemonics_PhysioNet_prints()
    {
        var beats = Enumerable.Range(0, 64).Where(WfdbAnnotations.IsBeat).Select(WfdbAnnotations.MnemonicOf);

        beats.Should().BeEquivalentTo(["N", "L", "R", "B", "A", "a", "J", "S", "V", "r", "F", "e", "j", "n", "E", "/", "f", "Q", "?"]);
        WfdbAnnotations.MnemonicOf(WfdbAnnotationCode.Noise).Should().Be("~");
        WfdbAnnotations.MnemonicOf(45).Should().Be("[45]");
    }

    [Fact]
    public void Skip_num_chn_sub_and_aux_pseudo_codes_are_applied_as_annotation5_describes()
    {
        byte[] file =
        [
            .. Word(WfdbAnnotationCode.Normal, 100),
            .. Word(WfdbAnnotationCode.Skip, 0), .. PdpLong(70_000),
            .. Word(WfdbAnnotationCode.PrematureVentricular, 5),    // 100 + 70000 + 5
            .. Word(WfdbAnnotationCode.Sub, 3),
            .. Word(WfdbAnnotationCode.Chn, 2),
            .. Word(WfdbAnnotationCode.Num, 0x3FF),                  // num is a signed char: -1
            .. Word(WfdbAnnotationCode.Aux, 4), .. "(VT"u8, 0,       // even length: no pad
            .. Word(WfdbAnnotationCode.Noise, 20),                   // keeps chan 2 and num -1
            .. Word(WfdbAnnotationCode.Aux, 5), .. "noisy"u8, 0,     // odd length: one pad byte
            .. Word(WfdbAnnotationCode.Skip, 0), .. PdpLong(-70_000),
            .. Word(WfdbAnnotationCode.Normal, 1),                   // a negative skip goes back in time
            0, 0,
        ];
        using var dir = new TempDirectory();

        var annotations = WfdbAnnotations.Read(dir.Write("x.atr", file), 250);

        annotations.Select(a => (a.SampleIndex, a.Mnemonic, a.Subtype, a.Channel, a.Num, a.Aux)).Should().Equal(
            (100L, "N", 0, 0, 0, (string?)null),
            (70_105L, "V", 3, 2, -1, "(VT"),
            (70_125L, "~", 0, 2, -1, "noisy"),
            (126L, "N", 0, 2, -1, (string?)null));
        annotations[1].Seconds.Should().BeApproximately(70_105 / 250.0, 1e-12);
    }

    [Fact]
    public void An_annotation_file_without_its_end_word_is_reported_as_truncated()
    {
        var bytes = File.ReadAllBytes(TestData.File("100.atr"));
        using var dir = new TempDirectory();
        var path = dir.Write("100.atr", bytes[..^2]);

        var read = () => WfdbAnnotations.Read(path, 360);

        read.Should().Throw<WfdbFormatException>()
            .Which.Message.Should().Contain("100.atr").And.Contain("truncated");
    }

    [Fact]
    public void An_aux_string_running_past_the_end_of_the_file_is_an_error()
    {
        byte[] file = [.. Word(WfdbAnnotationCode.Normal, 1), .. Word(WfdbAnnotationCode.Aux, 40), .. "short"u8];
        using var dir = new TempDirectory();
        var path = dir.Write("bad.atr", file);

        var read = () => WfdbAnnotations.Read(path, 360);

        read.Should().Throw<WfdbFormatException>().WithMessage("*bad.atr*AUX*40 bytes*");
    }

    private static byte[] Word(int code, int field)
    {
        var word = (code << 10) | (field & 0x3FF);
        return [(byte)word, (byte)(word >> 8)];
    }

    // annotation(5): the SKIP interval is a PDP-11 long, high 16-bit word first, each word little-endian.
    private static byte[] PdpLong(int value)
    {
        var v = (uint)value;
        return [(byte)(v >> 16), (byte)(v >> 24), (byte)v, (byte)(v >> 8)];
    }
}
