using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TeleSante.StationAgent.Tests;

/// <summary>A station misconfigured at the pharmacy must refuse to start with a message naming the key,
/// not run and lose readings.</summary>
public sealed class AgentOptionsTests : IDisposable
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("telesante-agent-options-").FullName;

    public void Dispose() => Directory.Delete(_outbox, recursive: true);

    [Fact]
    public async Task A_valid_configuration_starts()
    {
        using var host = Build(Valid());
        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Agent:SiteId", "", "SiteId")]
    [InlineData("Agent:SiteId", "pharmacie lyon", "SiteId")]
    [InlineData("Agent:Ports:0:DeviceId", "", "DeviceId")]
    [InlineData("Agent:Ports:0:DeviceId", "bp/1", "DeviceId")]
    [InlineData("Agent:Ports:0:Path", "", "Path")]
    [InlineData("Agent:Ports:1:Path", "/dev/ttyUSB1", "device id 'bp-1' is configured on 2 ports")]
    [InlineData("Agent:Ports:0:BaudRate", "0", "BaudRate")]
    [InlineData("Gateway:Url", "", "Url")]
    [InlineData("Gateway:Url", "ftp://gateway", "http:// (h2c) or https://")]
    [InlineData("Gateway:Window", "0", "Window")]
    [InlineData("Gateway:RetryMaxDelay", "00:00:00.010", "RetryMaxDelay")]
    [InlineData("Gateway:StationId", "station-1", "StationId and Token go together")]
    [InlineData("Outbox:Directory", "", "Directory")]
    [InlineData("Outbox:MaxBytes", "1000", "MaxBytes")]
    [InlineData("Outbox:SegmentBytes", "268435456", "MaxBytes must be at least twice SegmentBytes")]
    public async Task A_wrong_setting_stops_the_agent_at_start_up_naming_it(string key, string value, string expected)
    {
        var settings = Valid();
        settings[key] = value;
        if (key == "Agent:Ports:1:Path")
        {
            settings["Agent:Ports:1:DeviceId"] = "bp-1";
        }

        using var host = Build(settings);
        var start = () => host.StartAsync();
        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(expected);
    }

    private Dictionary<string, string?> Valid() => new()
    {
        ["Agent:SiteId"] = "pharma-lyon-03",
        ["Agent:SessionId"] = "cons-0001",
        ["Agent:Ports:0:Path"] = "/nonexistent/ttyUSB0",
        ["Agent:Ports:0:DeviceId"] = "bp-1",
        ["Gateway:Url"] = "http://127.0.0.1:1",
        ["Outbox:Directory"] = _outbox,
    };

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddStationAgent();
        return builder.Build();
    }
}
