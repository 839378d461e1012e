using System.ComponentModel.DataAnnotations;

namespace TeleSante.Storage.Influx.Tests;

public sealed class InfluxOptionsTests
{
    private static List<ValidationResult> Validate(InfluxOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_the_documented_ones_and_valid_once_Url_is_set()
    {
        var options = new InfluxOptions { Url = new Uri("http://127.0.0.1:8086") };

        options.Database.Should().Be("telesante");
        options.Gzip.Should().BeTrue();
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxBatchLines.Should().Be(5_000);
        options.MaxBatchBytes.Should().Be(4 * 1024 * 1024);
        options.RetentionPolicy.Should().BeNull();
        Validate(options).Should().BeEmpty();
    }

    [Fact]
    public void Url_is_required()
        => Validate(new InfluxOptions()).Should().ContainSingle(r => r.MemberNames.Contains(nameof(InfluxOptions.Url)));

    [Theory]
    [InlineData("ftp://host/")]
    [InlineData("/relative")]
    public void Url_must_be_absolute_http_or_https(string url)
        => Validate(new InfluxOptions { Url = new Uri(url, UriKind.RelativeOrAbsolute) })
            .Should().ContainSingle(r => r.MemberNames.Contains(nameof(InfluxOptions.Url)));

    [Fact]
    public void Out_of_range_batching_and_timeouts_are_refused()
    {
        var options = new InfluxOptions
        {
            Url = new Uri("https://influx.example/"),
            MaxBatchLines = 0,
            MaxBatchBytes = 100_000_000,
            RequestTimeout = TimeSpan.Zero,
        };

        Validate(options).SelectMany(r => r.MemberNames).Should().BeEquivalentTo(
            nameof(InfluxOptions.MaxBatchLines), nameof(InfluxOptions.MaxBatchBytes),
            nameof(InfluxOptions.RequestTimeout));
    }

    [Fact]
    public void Credentials_must_be_consistent()
    {
        Validate(new InfluxOptions { Url = new Uri("http://h/"), Username = "u" }).Should().NotBeEmpty();
        Validate(new InfluxOptions { Url = new Uri("http://h/"), Username = "u", Password = "p", Token = "t" }).Should().NotBeEmpty();
        Validate(new InfluxOptions { Url = new Uri("http://h/"), Username = "u", Password = "p" }).Should().BeEmpty();
        Validate(new InfluxOptions { Url = new Uri("http://h/"), Token = "t" }).Should().BeEmpty();
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void Database_names_influxdb_refuses_are_refused(string database)
        => Validate(new InfluxOptions { Url = new Uri("http://h/"), Database = database })
            .Should().Contain(r => r.MemberNames.Contains(nameof(InfluxOptions.Database)));
}
