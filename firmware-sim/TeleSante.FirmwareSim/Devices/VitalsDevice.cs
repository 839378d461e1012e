using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Devices;

/// <summary>
/// A simple vitals device (BP cuff with pulse, oximeter, thermometer) publishing the JSON vitals form
/// at QoS 1 on telesante/v1/{site}/{device}/vitals. The MQTT client keeps unacknowledged
/// publishes and resends them after a reconnect.
/// </summary>
public sealed class VitalsDevice(string host, int port, string deviceId, string siteId, string sessionId, int seed, DeviceCredential? credential = null)
{
    private readonly Random _random = new(seed);
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

    private string Reading(DateTimeOffset now)
    {
        var time = now.ToString("O", CultureInfo.InvariantCulture);
        var systolic = 118 + _random.Next(-6, 7);
        var diastolic = 76 + _random.Next(-4, 5);
        var mean = Math.Round(diastolic + ((systolic - diastolic) / 3.0), 1);
        var spo2 = 97 + _random.Next(-1, 2);
        var pulse = 72 + _random.Next(-3, 4);
        var temperature = Math.Round(36.8 + (_random.NextDouble() * 0.4), 1);
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"seq\":{++_seq},\"sessionId\":\"{sessionId}\",\"deviceTime\":\"{time}\",\"observations\":[");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150021,\"loinc\":\"8480-6\",\"value\":{systolic},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150022,\"loinc\":\"8462-4\",\"value\":{diastolic},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150023,\"loinc\":\"8478-0\",\"value\":{mean},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150456,\"loinc\":\"59408-5\",\"value\":{spo2},\"unit\":\"%\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":149530,\"loinc\":\"8889-8\",\"value\":{pulse},\"unit\":\"/min\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150364,\"loinc\":\"8310-5\",\"value\":{temperature},\"unit\":\"Cel\",\"time\":\"{time}\"}}");
        json.Append("]}");
        return json.ToString();
    }
}
