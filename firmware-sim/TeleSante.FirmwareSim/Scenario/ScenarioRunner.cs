using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Starts each session's devices at their time, runs them for the session's duration, and
/// exposes every device's counters for the live display.</summary>
public sealed class ScenarioRunner(ScenarioDefinition scenario, DeviceProvisioner? provisioner = null)
{
    private readonly List<DeviceStats> _devices = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<DeviceStats> Devices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices];
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A few HTTP/2 connections shared by all gRPC devices: each device is one stream on them.
        var channels = Enumerable.Range(0, 4).Select(_ => GatewayTls.CreateChannel(scenario.Grpc, scenario.CaCertificate)).ToArray();
        using var http = new HttpClient(GatewayTls.CreateHandler(scenario.CaCertificate)) { BaseAddress = new Uri(scenario.Http), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var mqtt = scenario.Mqtt.Split(':');
            var sessions = scenario.Sessions.Select(async session =>
            {
                await Task.Delay(TimeSpan.FromSeconds(session.StartAfterSeconds / scenario.Speed), cancellationToken).ConfigureAwait(false);
                var duration = TimeSpan.FromSeconds(session.DurationSeconds);
                var runs = new List<Task>();
                var index = 0;
                // Numbered per kind across the session: two definitions of one kind are still two devices.
                var perKind = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var definition in session.Devices)
                {
                    for (var n = 0; n < definition.Count; n++, index++)
                    {
                        var number = perKind[definition.Kind] = perKind.GetValueOrDefault(definition.Kind) + 1;
                        var deviceId = $"{scenario.Site}-{session.Id}-{definition.Kind}-{number}";
                        var credential = provisioner is null ? null : await provisioner.CredentialForAsync(deviceId, definition.Kind, scenario.Site, cancellationToken).ConfigureAwait(false);
                        if (definition.Transport == "serial")
                        {
                            var monitor = new SerialScenarioDevice(definition, deviceId, seed: index + 1);
                            Add(monitor.Stats);
                            runs.Add(RunThenDisposeAsync(monitor, duration, cancellationToken));
                        }
                        else if (definition.Kind == "fundus")
                        {
                            var camera = new FundusDevice(definition, deviceId, scenario.Site, session.Id, http, scenario.Conditions, seed: index + 1, credential);
                            Add(camera.Stats);
                            runs.Add(camera.RunAsync(duration, cancellationToken));
                        }
                        else if (definition.Transport == "mqtt-json" || definition.Kind == "vitals")
                        {
                            var device = new VitalsDevice(mqtt[0], int.Parse(mqtt[1], System.Globalization.CultureInfo.InvariantCulture), deviceId, scenario.Site, session.Id, seed: index + 1, credential);
                            Add(device.Stats);
                            runs.Add(device.RunAsync(TimeSpan.FromSeconds(definition.IntervalSeconds), 0, cancellationToken, duration));
                        }
                        else
                        {
                            var device = new EcgStreamDevice(definition, deviceId, scenario.Site, session.Id, channels[index % channels.Length], scenario.Conditions, seed: index + 1, credential);
                            Add(device.Stats);
                            runs.Add(device.RunAsync(duration, cancellationToken));
                        }
                    }
                }

                await Task.WhenAll(runs).ConfigureAwait(false);
            });
            await Task.WhenAll(sessions).ConfigureAwait(false);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task RunThenDisposeAsync(SerialScenarioDevice device, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using (device.ConfigureAwait(false))
        {
            await device.RunAsync(duration, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Add(DeviceStats stats)
    {
        lock (_gate)
        {
            _devices.Add(stats);
        }
    }
}
