using System.Text;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>
/// Exact bytes for the escaping rules of the InfluxDB 1.x line-protocol reference, and the
/// validation that keeps a broken line from ever reaching influxd.
/// </summary>
public sealed class LineProtocolBuilderTests
{
    private static string Text(LineProtocolBuilder builder) => Encoding.UTF8.GetString(builder.Written.Span);

    [Fact]
    public void Point_with_tags_and_every_field_type_is_written_in_call_order()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("bp").Tag("device", "d1").Tag("patient", "p7")
            .Field("systolic", 120.5).Field("count", 3L).Field("note", "ok").Field("valid", true)
            .Timestamp(1_700_000_000_000_000_000);

        Text(builder).Should().Be("bp,device=d1,patient=p7 systolic=120.5,count=3i,note=\"ok\",valid=true 1700000000000000000\n");
        builder.PointCount.Should().Be(1);
        builder.Length.Should().Be(builder.Written.Length);
    }

    [Fact]
    public void Measurement_escapes_comma_and_space_but_not_equals_or_quote()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("a,b c=d\"e").Field("v", 1L).EndPoint();

        // Spec, special characters: measurements escape comma and space only.
        Text(builder).Should().Be("a\\,b\\ c=d\"e v=1i\n");
    }

    [Fact]
    public void Tag_keys_tag_values_and_field_keys_escape_comma_equals_and_space()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Tag("k, =", "v, =\"").Field("f, =\"", 1L).EndPoint();

        Text(builder).Should().Be("m,k\\,\\ \\==v\\,\\ \\=\" f\\,\\ \\=\"=1i\n");
    }

    [Fact]
    public void String_field_escapes_double_quote_and_backslash_and_keeps_newlines_raw()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("s", "say \"hi\" C:\\dir\\\nnext, a=b").EndPoint();

        Text(builder).Should().Be("m s=\"say \\\"hi\\\" C:\\\\dir\\\\\nnext, a=b\"\n");
    }

    [Fact]
    public void Backslash_in_names_is_written_literally_where_it_round_trips()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement(@"m\x").Tag(@"k\\y", @"C:\temp\file").Field(@"f\a", 1L).EndPoint();

        Text(builder).Should().Be(@"m\x,k\\y=C:\temp\file f\a=1i" + "\n");
    }

    [Theory]
    [InlineData("trailing\\")]
    [InlineData("a\\,b")]
    [InlineData("a\\ b")]
    [InlineData("a\\=b")]
    [InlineData("a\\\"b")]
    public void Backslash_that_cannot_round_trip_is_refused_in_every_name(string text)
    {
        using var builder = new LineProtocolBuilder();
        FluentActions.Invoking(() => builder.Measurement(text)).Should().Throw<ArgumentException>().WithMessage("*backslash*");
        FluentActions.Invoking(() => builder.Measurement("m").Tag(text, "v")).Should().Throw<ArgumentException>().WithMessage("*backslash*");
        FluentActions.Invoking(() => builder.Measurement("m").Tag("k", text)).Should().Throw<ArgumentException>().WithMessage("*backslash*");
        FluentActions.Invoking(() => builder.Measurement("m").Field(text, 1L)).Should().Throw<ArgumentException>().WithMessage("*backslash*");
        builder.Length.Should().Be(0);
    }

    [Fact]
    public void Unicode_is_written_as_utf8()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("mesure é").Tag("patient", "漢字").Field("s", "😀").EndPoint();

        builder.Written.ToArray().Should().Equal(Encoding.UTF8.GetBytes("mesure\\ é,patient=漢字 s=\"😀\"\n"));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(123456789.123, "123456789.123")]
    public void Doubles_are_written_shortest_round_trip_in_invariant_culture(double value, string expected)
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", value).EndPoint();

        Text(builder).Should().Be($"m v={expected}\n");
        double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Should().Be(value);
    }

    [Theory]
    [InlineData(long.MinValue, "-9223372036854775808i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    [InlineData(0L, "0i")]
    public void Longs_get_the_integer_suffix(long value, string expected)
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", value).EndPoint();

        Text(builder).Should().Be($"m v={expected}\n");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_doubles_are_refused(double value)
    {
        using var builder = new LineProtocolBuilder();
        FluentActions.Invoking(() => builder.Measurement("m").Field("v", value))
            .Should().Throw<ArgumentException>().WithMessage("*finite*");
    }

    public static TheoryData<string, Action<LineProtocolBuilder>> InvalidPoints => new()
    {
        { "empty measurement", b => b.Measurement("") },
        { "newline in measurement", b => b.Measurement("a\nb") },
        { "comment measurement", b => b.Measurement("#m") },
        { "leading tab measurement", b => b.Measurement("\tm") },
        { "empty tag key", b => b.Measurement("m").Tag("", "v") },
        { "empty tag value", b => b.Measurement("m").Tag("k", "") },
        { "newline in tag key", b => b.Measurement("m").Tag("k\n", "v") },
        { "newline in tag value", b => b.Measurement("m").Tag("k", "a\nb") },
        { "tag key time", b => b.Measurement("m").Tag("time", "v") },
        { "duplicate tag", b => b.Measurement("m").Tag("k", "a").Tag("k", "b") },
        { "empty field key", b => b.Measurement("m").Field("", 1L) },
        { "newline in field key", b => b.Measurement("m").Field("a\nb", 1L) },
        { "field key time", b => b.Measurement("m").Field("time", 1L) },
        { "duplicate field", b => b.Measurement("m").Field("f", 1L).Field("f", 2.0) },
        { "unpaired surrogate in tag", b => b.Measurement("m").Tag("k", "a\ud800") },
        { "unpaired surrogate in string field", b => b.Measurement("m").Field("s", "\udc00") },
        { "no fields, timestamp", b => b.Measurement("m").Tag("k", "v").Timestamp(1) },
        { "no fields, no timestamp", b => b.Measurement("m").EndPoint() },
        { "timestamp too small", b => b.Measurement("m").Field("f", 1L).Timestamp(long.MinValue) },
        { "timestamp too large", b => b.Measurement("m").Field("f", 1L).Timestamp(long.MaxValue) },
        { "series key over 64 KiB", b => b.Measurement("m").Tag("k", new string('x', 65_536)).Field("f", 1L) },
    };

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void Invalid_input_throws_ArgumentException_and_keeps_earlier_points(string because, Action<LineProtocolBuilder> write)
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("ok").Field("v", 1L).Timestamp(1);
        var before = Text(builder);

        FluentActions.Invoking(() => write(builder)).Should().Throw<ArgumentException>(because);

        builder.IsPointOpen.Should().BeFalse("the failed point is discarded");
        Text(builder).Should().Be(before);
        builder.PointCount.Should().Be(1);
        builder.Measurement("next").Field("v", 2L).Timestamp(2);
        Text(builder).Should().Be("ok v=1i 1\nnext v=2i 2\n");
    }

    [Fact]
    public void Call_order_mistakes_throw_InvalidOperationException_and_discard_the_open_point()
    {
        using var builder = new LineProtocolBuilder();
        FluentActions.Invoking(() => builder.Tag("k", "v")).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => builder.Field("f", 1L)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => builder.EndPoint()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => builder.Measurement("m").Field("f", 1L).Tag("k", "v")).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => builder.Measurement("m").Measurement("n")).Should().Throw<InvalidOperationException>();
        builder.Length.Should().Be(0);
        builder.IsPointOpen.Should().BeFalse();
    }

    [Fact]
    public void Open_point_is_not_part_of_Written_until_it_ends()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("a").Field("v", 1L).EndPoint();
        builder.Measurement("b").Field("v", 2L);

        Text(builder).Should().Be("a v=1i\n");
        builder.CancelPoint();
        Text(builder).Should().Be("a v=1i\n");
    }

    [Fact]
    public void Timestamp_from_DateTimeOffset_is_nanoseconds_since_epoch()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 1L).Timestamp(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9));

        Text(builder).Should().Be("m v=1i 1704157445678000900\n");
    }

    [Fact]
    public void Boundary_timestamps_influxd_accepts_are_written()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 1L).Timestamp(LineProtocolBuilder.MinTimestamp);
        builder.Measurement("m").Field("v", 1L).Timestamp(LineProtocolBuilder.MaxTimestamp);

        Text(builder).Should().Be("m v=1i -9223372036854775806\nm v=1i 9223372036854775806\n");
    }

    [Fact]
    public void Reset_forgets_everything_and_the_builder_is_reusable()
    {
        using var builder = new LineProtocolBuilder(16);
        for (var i = 0; i < 1_000; i++)
        {
            builder.Measurement("m").Tag("k", "v").Field("f", i).Timestamp(i);
        }

        builder.PointCount.Should().Be(1_000);
        builder.Reset();
        builder.PointCount.Should().Be(0);
        builder.Length.Should().Be(0);
        builder.Measurement("m").Field("f", 1L).EndPoint();
        Text(builder).Should().Be("m f=1i\n");
    }

    [Fact]
    public void Lines_give_each_point_without_its_newline_even_with_newlines_in_strings()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("a").Field("s", "x\ny\n").Timestamp(1);
        builder.Measurement("b").Field("s", "\"\n\\").Timestamp(2);
        builder.Measurement("c").Field("v", 1L).EndPoint();

        var text = Text(builder);
        builder.Lines.Select(range => Encoding.UTF8.GetString(builder.Written.Span[range])).Should().Equal(
            "a s=\"x\ny\n\" 1",
            "b s=\"\\\"\n\\\\\" 2",
            "c v=1i");
        text.Should().EndWith("\n");
    }

    [Fact]
    public void SplitLines_splits_like_influxd_respecting_quoted_newlines_and_escapes()
    {
        var payload = "a s=\"x\ny\" 1\n\n  \nb,t=a\\ b s=\"q\\\"\n\" 2\r\nc v=1\nd f=\"\\\\\"\ne v=2";

        var lines = LineProtocolBuilder.SplitLines(Encoding.UTF8.GetBytes(payload));

        lines.Select(range => payload[range]).Should().Equal(
            "a s=\"x\ny\" 1",
            "b,t=a\\ b s=\"q\\\"\n\" 2\r",
            "c v=1",
            "d f=\"\\\\\"",
            "e v=2");
    }

    [Fact]
    public void SplitLines_agrees_with_the_builder_on_random_points()
    {
        var random = new Random(20240611);
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            try
            {
                builder.Measurement(RandomText.Next(random, 1, 12)).Tag(RandomText.Next(random, 1, 8), RandomText.Next(random, 1, 8))
                    .Field(RandomText.Next(random, 1, 8), RandomText.Next(random, 0, 20, allowNewlines: true)).Timestamp(i);
            }
            catch (ArgumentException)
            {
                // Unrepresentable random names are refused; the property is about accepted ones.
            }
        }

        builder.PointCount.Should().BeGreaterThan(500);
        LineProtocolBuilder.SplitLines(builder.Written.Span).Should().Equal(builder.Lines);
    }
}
