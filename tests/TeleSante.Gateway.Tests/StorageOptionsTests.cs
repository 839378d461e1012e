using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>The forwarder's and the InfluxDB client's settings moved to two options classes (issue 10,
/// storage seam) but kept their keys in the Influx section: both are still bound and validated at start-up.</summary>
public sealed class StorageOptionsTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Theory]
    [InlineData("Influx:MaxConcurrentWrites", "0", "MaxConcurrentWrites")] // ForwarderOptions
    [InlineData("Influx:FlushInterval", "01:00:00", "FlushInterval")]     // ForwarderOptions
    [InlineData("Influx:MaxBatchLines", "0", "MaxBatchLines")]            // InfluxOptions
    public async Task A_storage_setting_out_of_range_stops_the_gateway_at_start_up_with_the_key_named(string key, string value, string named)
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { [key] = value });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(named);
    }
}
