using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>MIT-BIH Arrhythmia Database record 100: two leads in format 212 in one file.</summary>
public sealed class MitBihRecord100Tests
{
    private static readonly Lazy<WfdbRecord> Record = new(() => WfdbRecord.Open(TestData.EcgDirectory, "100"));

    [Fact]
    public void Record_100_has_leads_MLII_and_V5_at_360_Hz_with_650000_samples_each()
    {
        var record = Record.Value;

        record.Name.Should().Be("100");
        record.SamplingFrequency.Should().Be(360);
        record.SampleCount.Should().Be(650_000);
        record.Signals.Select(s => s.Description).Should().Equal("MLII", "V5");
        record.Signals.Should().AllSatisfy(s =>
        {
            s.FileName.Should().Be("100.dat");
            s.Format.Should().Be(212);
            s.Gain.Should().Be(200);
            s.Spec.GainIsDefault.Should().BeFalse();
            s.Spec.AdcResolution.Should().Be(11);
            s.AdcZero.Should().Be(1024);
            s.Baseline.Should().Be(1024, "header(5): the baseline defaults to the ADC zero");
            s.Units.Should().Be("mV");
            s.Samples.Should().HaveCount(650_000);
        });
    }

    [Fact]
    public void Record_100_first_samples_match_the_bytes_decoded_by_hand()
    {
        // 100.dat starts e3 33 f3 | e3 33 f3 ... (frames 0-7) then e8 33 f0 | e5 33 f0 (frames 8-9).
        // Format 212: MLII = low byte + low nibble of the middle byte << 8, V5 = high nibble << 8 + last byte:
        //   e3 33 f3 -> MLII 0x3e3 = 995,  V5 0x3f3 = 1011
        //   e8 33 f0 -> MLII 0x3e8 = 1000, V5 0x3f0 = 1008
        //   e5 33 f0 -> MLII 0x3e5 = 997,  V5 0x3f0 = 1008
        // A separate Python decoder of the whole file gave the same values, and for frames 10-11
        // MLII 995, 994 and V5 1007, 1007.
        var record = Record.Value;

        record.Signals[0].Samples.Take(12).Should().Equal(995, 995, 995, 995, 995, 995, 995, 995, 1000, 997, 995, 994);
        record.Signals[1].Samples.Take(12).Should().Equal(1011, 1011, 1011, 1011, 1011, 1011, 1011, 1011, 1008, 1008, 1007, 1007);
    }

    [Fact]
    public void Record_100_first_samples_equal_the_header_initial_values()
    {
        var record = Record.Value;

        record.Signals.Select(s => s.InitialValue).Should().Equal(995, 1011);
        record.Signals.Select(s => s.Samples[0]).Should().Equal(995, 1011);
    }

    [Fact]
    public void Record_100_samples_sum_to_the_header_checksums()
    {
        var record = Record.Value;

        record.Signals.Select(s => s.Checksum).Should().Equal((short)-22131, (short)20052);
        record.Signals.Select(s => TestSampleEncoder.Checksum(s.Samples)).Should().Equal((short)-22131, (short)20052);
    }

    [Fact]
    public void Record_100_samples_stay_within_the_11_bit_adc_range()
    {
        // The lead values found by an independent decoder: MLII 481..1311, V5 531..1269.
        var record = Record.Value;

        record.Signals[0].Samples.Min().Should().Be(481);
        record.Signals[0].Samples.Max().Should().Be(1311);
        record.Signals[1].Samples.Min().Should().Be(531);
        record.Signals[1].Samples.Max().Should().Be(1269);
    }

    [Fact]
    public void Record_100_physical_values_are_adu_minus_baseline_over_gain()
    {
        var record = Record.Value;

        record.ToPhysical(0, 0).Should().BeApproximately(-0.145, 1e-12); // (995 - 1024) / 200
        record.ToPhysical(1, 0).Should().BeApproximately(-0.065, 1e-12); // (1011 - 1024) / 200
        record.ToPhysical(0, 8).Should().BeApproximately(-0.12, 1e-12);  // (1000 - 1024) / 200
    }

    [Fact]
    public void Record_100_header_comments_are_kept_in_file_order()
    {
        Record.Value.Comments.Should().Equal("unnecessary comment", "69 M 1085 1629 x1", "Aldomet, Inderal");
    }

    [Fact]
    public void Record_100_streamed_in_uneven_blocks_gives_the_same_samples_as_a_whole_read()
    {
        var whole = Record.Value;
        using var reader = WfdbSignalReader.Open(TestData.File("100.hea"));
        var mlii = new int[650_000];
        var v5 = new int[650_000];
        int[][] buffers = [mlii, v5];

        var position = 0;
        int read;
        while ((read = reader.Read(buffers, position, 1001)) > 0)
        {
            position += read;
        }

        position.Should().Be(650_000);
        reader.Position.Should().Be(650_000);
        mlii.Should().Equal(whole.Signals[0].Samples);
        v5.Should().Equal(whole.Signals[1].Samples);
    }

    [Fact]
    public void Rewinding_the_reader_replays_the_record_from_sample_zero()
    {
        using var reader = WfdbSignalReader.Open(TestData.File("100.hea"));
        int[][] buffers = [new int[10], new int[10]];
        reader.Read(buffers, 0, 10);
        reader.Read(buffers, 0, 10);

        reader.Rewind();
        reader.Read(buffers, 0, 10).Should().Be(10);

        buffers[0].Should().Equal(995, 995, 995, 995, 995, 995, 995, 995, 1000, 997);
        reader.Position.Should().Be(10);
    }
}
