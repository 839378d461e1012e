using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

public sealed class HeaderParsingTests
{
    [Fact]
    public void Omitted_fields_take_the_header5_defaults()
    {
        var header = WfdbHeader.Parse("rec 1\nrec.dat 16\n");

        header.SamplingFrequency.Should().Be(250);
        header.SampleCount.Should().Be(0);
        header.BaseTime.Should().BeNull();
        header.BaseDate.Should().BeNull();
        var signal = header.Signals.Single();
        signal.Gain.Should().Be(200);
        signal.GainIsDefault.Should().BeTrue();
        signal.Units.Should().Be("mV");
        signal.AdcResolution.Should().Be(16);
        signal.AdcZero.Should().Be(0);
        signal.Baseline.Should().Be(0);
        signal.InitialValue.Should().Be(0);
        signal.Checksum.Should().BeNull("an absent checksum is not checked");
        signal.BlockSize.Should().Be(0);
        signal.Description.Should().Be("record rec, signal 0");
    }

    [Fact]
    public void A_zero_gain_means_uncalibrated_200_adu_per_unit_and_the_baseline_follows_the_adc_zero()
    {
        var signal = WfdbHeader.Parse("rec 1 360 10\nrec.dat 212 0 11 1024\n").Signals.Single();

        signal.Gain.Should().Be(200);
        signal.GainIsDefault.Should().BeTrue();
        signal.AdcResolution.Should().Be(11);
        signal.Baseline.Should().Be(1024);
        signal.InitialValue.Should().Be(1024);
    }

    [Fact]
    public void Every_optional_field_of_record_and_signal_lines_is_read()
    {
        var header = WfdbHeader.Parse(
            "rec 1 360/720(5) 1000 10:20:30.5 01/10/1990\n" +
            "rec.dat 16x2:3+512 200.5(-12)/uV 12 7 8 9 10 ECG lead I, left arm\n");

        header.SamplingFrequency.Should().Be(360);
        header.CounterFrequency.Should().Be(720);
        header.BaseCounterValue.Should().Be(5);
        header.SampleCount.Should().Be(1000);
        header.BaseTime.Should().Be(new TimeSpan(0, 10, 20, 30, 500));
        header.BaseDate.Should().Be(new DateOnly(1990, 10, 1));
        header.Signals.Single().Should().Be(new WfdbSignalSpec
        {
            FileName = "rec.dat",
            Format = 16,
            SamplesPerFrame = 2,
            Skew = 3,
            ByteOffset = 512,
            Gain = 200.5,
            GainIsDefault = false,
            Baseline = -12,
            Units = "uV",
            AdcResolution = 12,
            AdcZero = 7,
            InitialValue = 8,
            Checksum = 9,
            BlockSize = 10,
            Description = "ECG lead I, left arm",
        });
    }

    [Fact]
    public void Comments_and_blank_lines_may_appear_anywhere()
    {
        var header = WfdbHeader.Parse("#first\r\n\r\nrec 2 100\r\n  # between\r\nrec.dat 16\r\n\r\nrec.dat 16\r\n# last  \r\n");

        header.Signals.Should().HaveCount(2);
        header.Comments.Should().Equal("first", "between", "last");
    }
}
