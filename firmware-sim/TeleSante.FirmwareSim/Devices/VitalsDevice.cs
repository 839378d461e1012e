using MQTTnet;
using MQTTnet.Protocol;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Devices.Vitals.Internal;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Devices;

/// <summary>
/// A pharmacy vitals station (BP cuff with pulse, oximeter numerics, thermometer in one box) publishing
/// the JSON vitals form at QoS 1 on telesante/v1/{site}/{device}/vitals. Each reading runs the device
/// models (an oscillometric cuff cycle that sometimes fails as real ones do, with the error sent as a
/// device event; a thermometer), so scenarios exercise what the field sends. The MQTT client keeps
/// unacknowledged publishes and resends them after a reconnect.
/// </summary>
public sealed class VitalsDevice(string host, int port, string deviceId, string siteId, string sessionId, int seed, DeviceCredential? credential = null)
{
    // About one cuff cycle in eight fails (loose cuff, movement), as in a busy pharmacy.
    private const double CuffFaultProbability = 0.125;
    private readonly Random _random = new(seed);
    private readonly BloodPressureCuff _cuff = new(new BloodPressureCuffOptions { DeviceId = deviceId, SiteId = siteId, Seed = seed });
    private readonly Thermometer _thermometer = new(new ThermometerOptions { DeviceId = deviceId, SiteId = siteId, Seed = seed + 1 });
    // A real device keeps its sequence across power cycles; the simulator derives it from the clock.
    private ulong _seq = (ulong)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond);

    public DeviceStats Stats { get; } = new(deviceId, "vitals", "mqtt-json");

    public async Task RunAsync(TimeSpan interval, int count, CancellationToken cancellationToken, TimeSpan? duration = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(deviceId)
            .WithCredentials(credential?.DeviceId, credential?.Token)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; (count <= 0 || i < count) && clock.Elapsed < (duration ?? TimeSpan.MaxValue); i++)
        {
            var now = DateTimeOffset.UtcNow;
            var payload = Reading(now);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic($"telesante/v1/{siteId}/{deviceId}/vitals")
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            Stats.OnSent();
            var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Stats.OnAcked(duplicate: false);
            }
            else
            {
                Stats.OnRejected($"{result.ReasonCode} {result.ReasonString}");
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One reading of the station: its cuff cycle (values, or the cuff's error as an event),
    /// SpO2 and pulse, and a temperature, as one batch with the station's next seq.</summary>
    private string Reading(DateTimeOffset now)
    {
        var nowNs = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        // The cuff cycle (about 40 s) has just ended: it started a minute ago at the latest.
        var fault = _random.NextDouble() < CuffFaultProbability ? (_random.Next(2) == 0 ? CuffFault.LooseCuff : CuffFault.Motion) : CuffFault.None;
        var cuff = _cuff.Measure(sessionId, nowNs - 60_000_000_000, fault: fault).Batch!;
        var temperature = _thermometer.Measure(sessionId, nowNs - 5_000_000_000).Batch;
        var timeNs = DeviceClock.RoundToMs(nowNs);
        var batch = new ReadingBatch { DeviceId = deviceId, SiteId = siteId, SessionId = sessionId, Seq = ++_seq, DeviceTimeNs = timeNs };
        batch.Observations.Add(cuff.Observations);
        batch.Events.Add(cuff.Events);
        batch.Observations.Add(Observations.Create(CodeCatalog.SpO2, 97 + _random.Next(-1, 2), "%", timeNs));
        batch.Observations.Add(Observations.Create(CodeCatalog.PulseRateOximeter, 72 + _random.Next(-3, 4), "/min", timeNs));
        if (temperature is not null)
        {
            batch.Observations.Add(temperature.Observations);
            batch.Events.Add(temperature.Events);
        }

        return VitalsJson.Write(batch);
    }
}
