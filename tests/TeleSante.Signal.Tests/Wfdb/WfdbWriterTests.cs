using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>Records written by <see cref="WfdbWriter"/> read back bit-exact by the project's reader.</summary>
public sealed class WfdbWriterTests
{
    [Fact]
    public void Record_100_written_in_format_16_reads_back_sample_for_sample_with_its_annotations()
    {
        var original = WfdbRecord.Read(TestData.File("100.hea"));
        var reference = WfdbAnnotations.Read(TestData.File("100.atr"), original.SamplingFrequency);
        using var dir = new TempDirectory();
        var signals = original.Signals.Select(s => new WfdbOutputSignal(s.Description, s.Gain, s.Baseline, s.Units, s.Samples)).ToList();

        WfdbWriter.WriteFiles(dir.Path, "copy100", original.SamplingFrequency, signals, original.Comments, reference);

        var copy = WfdbRecord.Read(dir.File("copy100.hea"));
        copy.SamplingFrequency.Should().Be(360);
        copy.SampleCount.Should().Be(650000);
        copy.Comments.Should().Equal(original.Comments);
        for (var s = 0; s < 2; s++)
        {
            copy.Signals[s].Format.Should().Be(16);
            copy.Signals[s].Samples.Should().Equal(original.Signals[s].Samples);
            copy.Signals[s].Gain.Should().Be(original.Signals[s].Gain);
            copy.Signals[s].Baseline.Should().Be(original.Signals[s].Baseline);
            copy.Signals[s].Units.Should().Be(original.Signals[s].Units);
            copy.Signals[s].Description.Should().Be(original.Signals[s].Description);
            copy.Signals[s].Checksum.Should().Be(original.Signals[s].Checksum, "the 16-bit sum does not depend on the format");
        }

        new FileInfo(dir.File("copy100.dat")).Length.Should().Be(650000 * 2 * 2);
        var annotations = WfdbAnnotations.Read(dir.File("copy100.atr"), 360);
        annotations.Should().Equal(reference);
        annotations.Count(a => a.Mnemonic == "V").Should().Be(1);
    }

    [Fact]
    public void Edge_values_gains_units_and_gaps_read_back_exactly()
    {
        using var dir = new TempDirectory();
        int[] extremes = [32767, -32767, WfdbWriter.InvalidSample, 0, 1, -1, WfdbWriter.InvalidSample, 12345];
        var signals = new List<WfdbOutputSignal>
        {
            new("ECG lead II", 1000, 0, "mV", extremes),
            new("V1", 123.456789012345, -2048, "uV", [.. extremes.Reverse()]),
            new("aVR", 1e-3, 32767, "mV", [.. Enumerable.Repeat(WfdbWriter.InvalidSample, extremes.Length)]),
        };

        WfdbWriter.WriteFiles(dir.Path, "edge_1", 499.75, signals, ["session s-1 device d-1", "gaps are -32768"]);

        var copy = WfdbRecord.Read(dir.File("edge_1.hea"));
        copy.SamplingFrequency.Should().Be(499.75);
        copy.Comments.Should().Equal("session s-1 device d-1", "gaps are -32768");
        for (var s = 0; s < signals.Count; s++)
        {
            copy.Signals[s].Samples.Should().Equal(signals[s].Samples);
            copy.Signals[s].Gain.Should().Be(signals[s].Gain);
            copy.Signals[s].Baseline.Should().Be(signals[s].Baseline);
            copy.Signals[s].Units.Should().Be(signals[s].Units);
            copy.Signals[s].Description.Should().Be(signals[s].Description);
        }

        copy.ToPhysical(0, 0).Should().Be(32.767);
        copy.ToPhysical(0, 2).Should().Be(double.NaN, "-32768 is WFDB's invalid sample: a gap reads back as missing");
        copy.Signals[2].Samples.Should().OnlyContain(v => v == WfdbWriter.InvalidSample);
    }

    [Fact]
    public void An_empty_record_reads_back_empty()
    {
        using var dir = new TempDirectory();

        WfdbWriter.WriteFiles(dir.Path, "empty", 500, [new("II", 1000, 0, "mV", [])], annotations: []);

        WfdbRecord.Read(dir.File("empty.hea")).SampleCount.Should().Be(0);
        WfdbAnnotations.Read(dir.File("empty.atr"), 500).Should().BeEmpty();
    }

    [Fact]
    public void Annotation_intervals_past_the_10_bit_field_and_modifiers_read_back_exactly()
    {
        using var dir = new TempDirectory();
        var annotations = new List<WfdbAnnotation>
        {
            A(0, WfdbAnnotationCode.Normal),
            A(1023, WfdbAnnotationCode.PrematureVentricular), // the largest interval a word holds
            A(2047, WfdbAnnotationCode.AtrialPremature), // 1024: needs a SKIP
            A(2047, WfdbAnnotationCode.Unclassifiable), // same sample
            A(5_000_000_000, WfdbAnnotationCode.Fusion) with { Channel = 3, Num = -2, Subtype = 5 }, // past int.MaxValue
            A(5_000_000_001, WfdbAnnotationCode.RhythmChange) with { Channel = 3, Num = -2, Aux = "(AFIB" },
            A(5_000_000_500, WfdbAnnotationCode.Normal) with { Aux = "odd" },
        };

        using (var file = File.Create(dir.File("a.atr")))
        {
            WfdbWriter.WriteAnnotations(file, annotations);
        }

        var read = WfdbAnnotations.Read(dir.File("a.atr"), 250);
        read.Should().Equal(annotations.Select(a => a with { Seconds = a.SampleIndex / 250.0 }));
    }

    [Fact]
    public void What_cannot_be_written_exactly_is_refused_with_a_clear_error()
    {
        using var dir = new TempDirectory();
        var ok = new WfdbOutputSignal("II", 1000, 0, "mV", [1, 2]);

        Action tooBig = () => WfdbWriter.WriteFiles(dir.Path, "r", 500, [ok with { Samples = [1, 32768] }]);
        Action badName = () => WfdbWriter.WriteFiles(dir.Path, "a/b", 500, [ok]);
        Action zeroGain = () => WfdbWriter.WriteFiles(dir.Path, "r", 500, [ok with { Gain = 0 }]);
        Action blankUnits = () => WfdbWriter.WriteFiles(dir.Path, "r", 500, [ok with { Units = "m V" }]);
        Action ragged = () => WfdbWriter.WriteFiles(dir.Path, "r", 500, [ok, ok with { Samples = [1] }]);
        Action badDescription = () => WfdbWriter.WriteFiles(dir.Path, "r", 500, [ok with { Description = "II\n" }]);
        Action unordered = () => WfdbWriter.WriteAnnotations(Stream.Null, [A(10, 1), A(5, 1)]);
        Action notQrs = () => WfdbWriter.WriteAnnotations(Stream.Null, [A(10, 0)]);

        tooBig.Should().Throw<ArgumentException>().WithMessage("*sample 1 is 32768, outside format 16*");
        badName.Should().Throw<ArgumentException>().WithMessage("*record name*");
        zeroGain.Should().Throw<ArgumentException>().WithMessage("*gain 0 must be positive*");
        blankUnits.Should().Throw<ArgumentException>().WithMessage("*units*");
        ragged.Should().Throw<ArgumentException>().WithMessage("*one sample per frame*");
        badDescription.Should().Throw<ArgumentException>().WithMessage("*description*");
        unordered.Should().Throw<ArgumentException>().WithMessage("*time order*");
        notQrs.Should().Throw<ArgumentException>().WithMessage("*code 0*");
    }

    private static WfdbAnnotation A(long sample, int code) =>
        new(sample, sample / 250.0, code, WfdbAnnotations.MnemonicOf(code), 0, 0, 0, null);
}
