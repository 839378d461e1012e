
namespace TeleSante.Testing;

/// <summary>Debian's mosquitto_pub / mosquitto_sub: MQTT clients nobody here wrote.</summary>
public static class MosquittoClients
{
    /// <summary>One QoS 1 publish; mosquitto_pub exits after the PUBACK (or fails). Returns its debug
    /// output (<c>received PUBACK (Mid: 1, RC:135)</c> for an MQTT 5 refusal).</summary>
    /// <param name="protocol">mosquitto's -V: <c>mqttv311</c> (default) or <c>mqttv5</c>.</param>
    /// <param name="keepSession">mosquitto's -c: clean session off (MQTT 3.1.1); with MQTT 5 also -x 86400 (a session
    /// expiry of a day), so the broker keeps the client id's session after the client left.</param>
    public static Task<string> PublishAsync(int port, string topic, string payload, string? clientId = null, string? username = null, string? password = null, bool retain = false, string? protocol = null, bool keepSession = false) =>
        RunPublishAsync(port, topic, !keepSession ? ["-m", payload] : protocol == "mqttv5" ? ["-c", "-x", "86400", "-m", payload] : ["-c", "-m", payload], clientId, username, password, retain, protocol);

    /// <summary>Publishes a file's content as one message (payloads beyond a command-line argument's limit).</summary>
    public static Task<string> PublishFileAsync(int port, string topic, string path, string? username = null, string? password = null, string? protocol = null) =>
        RunPublishAsync(port, topic, ["-f", path], null, username, password, false, protocol);

    private static async Task<string> RunPublishAsync(int port, string topic, string[] message, string? clientId, string? username, string? password, bool retain, string? protocol)
    {
        List<string> args = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clientId ?? "pub-" + Guid.NewGuid().ToString("N")[..10], "-q", "1", "-d", "-t", topic, .. message];
        AddOptions(args, username, password, protocol);
        if (retain)
        {
            args.Add("-r");
        }

        await using var pub = ExternalProcess.Start("mosquitto_pub", args);
        var code = await pub.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {code}: {pub.RecentOutput}");
        }

        return pub.RecentOutput;
    }

    /// <summary>A running mosquitto_sub printing "topic payload" lines; ready once the SUBACK is in
    /// (its line <c>Subscribed (mid: 1): N</c> gives the granted QoS, or 128 / 135 when refused).</summary>
    public static async Task<ExternalProcess> SubscribeAsync(int port, string topic, string? username = null, string? password = null, string? protocol = null)
    {
        List<string> args = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "sub-" + Guid.NewGuid().ToString("N")[..10], "-q", "1", "-v", "-d", "-t", topic];
        AddOptions(args, username, password, protocol);
        var sub = ExternalProcess.Start("mosquitto_sub", args, new ExternalProcessOptions { LineBuffered = true });
        await sub.WaitForOutputAsync("SUBACK", TimeSpan.FromSeconds(10));
        await sub.WaitForOutputAsync("Subscribed (mid", TimeSpan.FromSeconds(10));
        return sub;
    }

    /// <summary>The SUBACK code mosquitto_sub printed: the granted QoS, 128 (3.1.1 failure) or an MQTT 5 reason code.</summary>
    public static int SubAckCode(ExternalProcess subscriber)
    {
        var line = subscriber.RecentOutputLines.Last(l => l.Contains("Subscribed (mid", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddOptions(List<string> args, string? username, string? password, string? protocol)
    {
        if (username is not null)
        {
            args.AddRange(["-u", username, "-P", password ?? string.Empty]);
        }

        if (protocol is not null)
        {
            args.AddRange(["-V", protocol]);
        }
    }
}
