using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>PTB Diagnostic ECG Database record s0010_re: 12 leads in .dat and 3 Frank leads in .xyz, format 16.</summary>
public sealed class PtbRecordTests
{
    private static readonly Lazy<WfdbRecord> Record = new(() => WfdbRecord.Read(TestData.File("s0010_re.hea")));

    [Fact]
    public void Ptb_record_has_15_signals_split_over_dat_and_xyz_files()
    {
        var record = Record.Value;

        record.Signals.Select(s => s.Description).Should().Equal(
            "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6", "vx", "vy", "vz");
        record.Signals.Take(12).Should().AllSatisfy(s => s.FileName.Should().Be("s0010_re.dat"));
        record.Signals.Skip(12).Should().AllSatisfy(s => s.FileName.Should().Be("s0010_re.xyz"));
    }

    [Fact]
    public void Ptb_record_is_38400_samples_at_1000_Hz_with_gain_2000_adu_per_mV()
    {
        var record = Record.Value;

        record.SamplingFrequency.Should().Be(1000);
        record.SampleCount.Should().Be(38_400);
        record.Signals.Should().AllSatisfy(s =>
        {
            s.Format.Should().Be(16);
            s.Gain.Should().Be(2000);
            s.Baseline.Should().Be(0);
            s.Units.Should().Be("mV");
            s.Samples.Should().HaveCount(38_400);
        });
    }

    [Fact]
    public void Ptb_samples_sum_to_the_header_checksums_in_both_files()
    {
        var record = Record.Value;

        short[] expected = [-8337, -16369, 6829, 4582, 11687, -16657, -12469, 5636, -14299, -17916, -6668, -17545, -13009, 7109, -1992];
        record.Signals.Select(s => s.Checksum!.Value).Should().Equal(expected);
        record.Signals.Select(s => TestSampleEncoder.Checksum(s.Samples)).Should().Equal(expected);
    }

    [Fact]
    public void Ptb_first_samples_match_the_bytes_decoded_by_hand()
    {
        // s0010_re.dat starts 17 fe 36 fe 1f 00 da 01 ...: little-endian int16 0xfe17 = -489 (i),
        // 0xfe36 = -458 (ii), 0x001f = 31 (iii), 0x01da = 474 (avr). s0010_re.xyz starts
        // fd ff 78 00 ee ff: -3 (vx), 120 (vy), -18 (vz). Frames 1-3 of lead i (-485, -483, -482)
        // come from a separate Python decoder.
        var record = Record.Value;

        record.Signals.Select(s => s.Samples[0]).Should().Equal(-489, -458, 31, 474, -260, -214, -88, -241, -112, 212, 393, 390, -3, 120, -18);
        record.Signals.Select(s => s.InitialValue).Should().Equal(record.Signals.Select(s => s.Samples[0]));
        record.Signals[0].Samples.Take(4).Should().Equal(-489, -485, -483, -482);
        record.Signals[13].Samples.Take(4).Should().Equal(120, 122, 111, 107);
        record.ToPhysical(0, 0).Should().BeApproximately(-0.2445, 1e-12);
    }

    [Fact]
    public void Ptb_clinical_summary_is_kept_in_the_header_comments()
    {
        var comments = Record.Value.Comments;

        comments.Should().HaveCount(48);
        comments.Should().StartWith(["age: 81", "sex: female", "ECG date: 01/10/1990", "Diagnose:", "Reason for admission: Myocardial infarction"]);
        comments.Should().Contain("Peripheral blood Pressure (syst/diast):  140/80 mmHg");
    }
}
