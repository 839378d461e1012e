
namespace TeleSante.Testing;

/// <summary>Debian's mosquitto_pub / mosquitto_sub: MQTT clients nobody here wrote.</summary>
public static class MosquittoClients
{
    /// <summary>One QoS 1 publish; mosquitto_pub exits after the PUBACK (or fails).</summary>
    public static async Task PublishAsync(int port, string topic, string payload, string? clientId = null, string? username = null, string? password = null)
    {
        List<string> args = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clientId ?? "pub-" + Guid.NewGuid().ToString("N")[..10], "-q", "1", "-t", topic, "-m", payload];
        if (username is not null)
        {
            args.AddRange(["-u", username, "-P", password ?? string.Empty]);
        }

        await using var pub = ExternalProcess.Start("mosquitto_pub", args);
        var code = await pub.WaitForExitAsync(TimeSpan.FromSeconds(15));
        if (code != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {code}: {pub.RecentOutput}");
        }
    }

    /// <summary>A running mosquitto_sub printing "topic payload" lines; ready once subscribed.</summary>
    public static async Task<ExternalProcess> SubscribeAsync(int port, string topic)
    {
        var sub = ExternalProcess.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "sub-" + Guid.NewGuid().ToString("N")[..10], "-q", "1", "-v", "-d", "-t", topic], new ExternalProcessOptions { LineBuffered = true });
        await sub.WaitForOutputAsync("SUBACK", TimeSpan.FromSeconds(10));
        return sub;
    }
}
