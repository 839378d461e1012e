using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests.Infrastructure;

public static class TestGateway
{
    /// <summary>
    /// The real gateway for agent tests, without its embedded MQTT broker: the agent only speaks gRPC, and
    /// MQTTnet binds its listener without SO_REUSEADDR, so a gateway restarted on the same ports (outage
    /// and crash tests) could fail with "address already in use" if the port was picked up meanwhile.
    /// </summary>
    public static Task<GatewayProcess> StartAsync(InfluxFixture influx, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string> { ["Mqtt:Mode"] = "Disabled" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return GatewayProcess.StartAsync(influx.Url, all);
    }

    /// <summary>The gateway's error lines with the lines that follow each (exception and stack), for failure messages.</summary>
    public static string ErrorContext(GatewayProcess gateway)
    {
        var lines = gateway.RecentOutput.Split('\n');
        var context = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("fail:", StringComparison.Ordinal) || lines[i].Contains("crit:", StringComparison.Ordinal))
            {
                context.AddRange(lines.Skip(i).Take(12));
            }
        }

        return string.Join('\n', context);
    }
}
