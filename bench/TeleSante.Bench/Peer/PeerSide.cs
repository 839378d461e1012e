using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Peer;

/// <summary>The assembled peer as the side under test: mosquitto (PUBACK on receipt, persistence off) and
/// Node-RED subscribed to it, writing batches with node-red-contrib-influxdb.</summary>
public sealed class PeerSide : ISideUnderTest
{
    private readonly MosquittoHost _mosquitto;
    private readonly NodeRedHost _nodeRed;

    private PeerSide(MosquittoHost mosquitto, NodeRedHost nodeRed)
    {
        _mosquitto = mosquitto;
        _nodeRed = nodeRed;
    }

    public string Name => "peer";

    public int MqttPort => _mosquitto.Port;

    public IReadOnlyList<(string Name, Func<int?> Pid)> Processes => [("mosquitto", () => _mosquitto.ProcessId), ("node-red", () => _nodeRed.ProcessId)];

    public int Warnings => _nodeRed.Warnings;

    public int Errors => _nodeRed.Errors;

    public IReadOnlyList<string> Problems => _nodeRed.Problems;

    public static async Task<PeerSide> StartAsync(PeerInstallation installation, BenchInfluxServer influx, string database, PeerFlowStyle style, int batchPoints, int flushMilliseconds, CancellationToken cancellationToken)
    {
        // node-red-contrib-influxdb writes into an existing database; a user creates it once.
        using (var http = new HttpClient())
        {
            using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", $"CREATE DATABASE \"{database}\"")]);
            using var response = await http.PostAsync(new Uri(influx.Url, "query"), content, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        var mosquitto = await MosquittoHost.StartAsync(installation.Mosquitto, cancellationToken).ConfigureAwait(false);
        try
        {
            var nodeRed = await NodeRedHost.StartAsync(installation, PeerFlow.Json(style, mosquitto.Port, influx.HttpPort, database, batchPoints, flushMilliseconds), cancellationToken).ConfigureAwait(false);
            return new PeerSide(mosquitto, nodeRed);
        }
        catch
        {
            await mosquitto.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<bool> IsIdleAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<double?> ProbeHealthAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<double?>(null);

    public Task<long?> BrokerDroppedAsync(CancellationToken cancellationToken) => _mosquitto.DroppedAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _nodeRed.DisposeAsync().ConfigureAwait(false);
        await _mosquitto.DisposeAsync().ConfigureAwait(false);
    }
}
