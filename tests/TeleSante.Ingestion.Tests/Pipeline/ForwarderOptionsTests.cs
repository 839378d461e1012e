using System.ComponentModel.DataAnnotations;

namespace TeleSante.Ingestion.Tests.Pipeline;

/// <summary>The forwarder's settings, moved from InfluxOptions with their keys (section Influx) and checks.</summary>
public sealed class ForwarderOptionsTests
{
    private static List<ValidationResult> Validate(ForwarderOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_the_documented_ones_and_valid()
    {
        var options = new ForwarderOptions();

        ForwarderOptions.Section.Should().Be("Influx", "the keys stay where configurations have them");
        options.FlushInterval.Should().Be(TimeSpan.FromMilliseconds(200));
        options.MaxConcurrentWrites.Should().Be(2);
        Validate(options).Should().BeEmpty();
    }

    [Fact]
    public void Out_of_range_flush_interval_and_concurrency_are_refused()
    {
        var options = new ForwarderOptions { FlushInterval = TimeSpan.FromHours(1), MaxConcurrentWrites = 0 };

        Validate(options).SelectMany(r => r.MemberNames).Should().BeEquivalentTo(
            nameof(ForwarderOptions.FlushInterval), nameof(ForwarderOptions.MaxConcurrentWrites));
    }
}
