using CsCheck;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Storage.Influx.Tests.Schema;

public sealed class SampleCodecTests
{
    [Fact]
    public void Any_int_samples_round_trip_exactly()
    {
        Gen.Int.Array[1, 600].Sample(samples => SampleCodec.Decode(SampleCodec.Encode(samples)).SequenceEqual(samples), iter: 3000);
    }

    [Fact]
    public void Extreme_jumps_between_int_min_and_max_round_trip()
    {
        int[] samples = [int.MinValue, int.MaxValue, int.MinValue, 0, -1, 1, int.MaxValue];
        SampleCodec.Decode(SampleCodec.Encode(samples)).Should().Equal(samples);
    }

    [Fact]
    public void Ecg_like_signals_take_about_two_bytes_per_sample_or_less()
    {
        var samples = Enumerable.Range(0, 5000).Select(i => (int)(1000 * Math.Sin(i / 20.0))).ToArray();
        var encoded = SampleCodec.Encode(samples);
        encoded.Length.Should().BeLessThan(samples.Length * 2, "small deltas are one varint byte, base64 adds a third");
    }

    [Fact]
    public void The_worst_case_channel_fits_influxdbs_64_KiB_string_field_limit()
    {
        var alternating = Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? int.MinValue : int.MaxValue).ToArray();
        SampleCodec.Encode(alternating).Length.Should().BeLessThan(64 * 1024);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AgE=")] // version 2
    [InlineData("AYA=")] // version 1, then a varint with its continuation bit set and nothing after
    public void Corrupt_fields_are_a_format_error_not_wrong_samples(string field)
    {
        var decode = () => SampleCodec.Decode(field);
        decode.Should().Throw<FormatException>();
    }
}
