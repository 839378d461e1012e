namespace TeleSante.Storage.Influx.Tests;

public sealed class InfluxQlTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"C:\dir", @"'C:\\dir'")]
    [InlineData("two\nlines", @"'two\nlines'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("", "''")]
    [InlineData("漢字 é", "'漢字 é'")]
    public void QuoteString_escapes_backslash_single_quote_and_newline(string value, string expected)
        => InfluxQl.QuoteString(value).Should().Be(expected);

    [Theory]
    [InlineData("telesante", "\"telesante\"")]
    [InlineData("blood pressure", "\"blood pressure\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData(@"a\b", "\"a\\\\b\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("time", "\"time\"")]
    public void QuoteIdentifier_escapes_backslash_and_double_quote(string identifier, string expected)
        => InfluxQl.QuoteIdentifier(identifier).Should().Be(expected);

    [Fact]
    public void Unpaired_surrogates_carriage_returns_NULs_and_empty_identifiers_are_refused()
    {
        FluentActions.Invoking(() => InfluxQl.QuoteString("a\ud800")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => InfluxQl.QuoteIdentifier("")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => InfluxQl.QuoteString("a\rb")).Should().Throw<ArgumentException>().WithMessage("*carriage return*");
        FluentActions.Invoking(() => InfluxQl.QuoteIdentifier("a\0b")).Should().Throw<ArgumentException>().WithMessage("*NUL*");
        InfluxQl.QuoteString("😀").Should().Be("'😀'");
    }
}
