using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>
/// The end-to-end tests (socat, a real gateway process, influxd) share one InfluxDB server, each test with
/// its own database, and run one after the other: the outage and crash tests measure time, and the
/// 2-core machine must not be shared with another gateway meanwhile.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AgentIntegrationCollection : ICollectionFixture<InfluxFixture>
{
    public const string Name = "station agent end to end";
}
