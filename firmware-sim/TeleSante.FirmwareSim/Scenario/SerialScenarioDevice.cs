using TeleSante.FirmwareSim.Serial;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>
/// A serial vitals monitor in a scenario: writes a TSV1 sentence every interval on its port for the
/// duration of the session. The serial link is one-way, as on the real devices: the monitor counts what
/// it wrote; acknowledgements are the station agent's (its status page and the gateway show them).
/// </summary>
public sealed class SerialScenarioDevice : IAsyncDisposable
{
    private readonly SerialVitalsDevice _device;
    private readonly TimeSpan _interval;

    public SerialScenarioDevice(DeviceDefinition definition, string deviceId, int seed)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _interval = TimeSpan.FromSeconds(definition.IntervalSeconds);
        _device = new SerialVitalsDevice(new SerialVitalsDeviceOptions
        {
            PortPath = definition.Port ?? throw new ArgumentException($"{deviceId}: a serial device needs \"port\": the tty or pty to write"),
            SeqFile = definition.SeqFile ?? deviceId + ".seq",
            Interval = _interval,
            Seed = seed,
        });
        Stats = new DeviceStats(deviceId, definition.Kind, "serial");
    }

    public DeviceStats Stats { get; }

    /// <summary>Every sentence written, in order.</summary>
    public IReadOnlyList<WrittenSentence> Written => _device.Written;

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            try
            {
                await _device.WriteNextAsync(cancellationToken).ConfigureAwait(false);
                Stats.OnSent();
            }
            catch (IOException ex)
            {
                // A port that went away (USB adapter unplugged): the monitor keeps measuring and tries again.
                Stats.LastError = ex.Message;
            }

            await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _device.DisposeAsync();
}
