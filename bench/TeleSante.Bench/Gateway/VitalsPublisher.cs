using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// A vitals device on MQTT 5 (the gateway's embedded broker): every few seconds, one JSON vitals
/// document of six observations (the form of firmware-sim's VitalsDevice) at QoS 1 on
/// telesante/v1/{site}/{device}/vitals. The gateway sends the PUBACK only once the batch is durable,
/// so publish → PUBACK is the ack latency; a refusal comes back as a PUBACK reason code.
/// </summary>
public sealed class VitalsPublisher(string host, int port, int index, LatencyRecorder latency)
{
    public const int ObservationsPerMessage = 6;

    private readonly Random _random = new(index);
    private ulong _seq;
    private long _acked;
    private long _refused;
    private long _failed;

    public string DeviceId { get; } = DeviceIdOf(index);

    public string SiteId { get; } = SiteIdOf(index);

    public string SessionId { get; } = SessionIdOf(index);

    public static string DeviceIdOf(int index) => $"vit-{index:00000}";

    public static string SiteIdOf(int index) => $"site-{index % 50:00}";

    public static string SessionIdOf(int index) => $"vit-sess-{index:00000}";

    public long Acked => Interlocked.Read(ref _acked);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Publishes that threw (connection lost, timeout): the device would retry them.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public string? LastRefusal { get; private set; }

    /// <summary>True once the CONNECT was answered: the steady window of a run starts after every device has connected.</summary>
    public bool Connected { get; private set; }

    /// <summary>True once the connection attempt is over, whether it succeeded or not.</summary>
    public bool ConnectDone { get; private set; }

    public async Task RunAsync(TimeSpan interval, TimeSpan phase, CancellationToken stop)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(DeviceId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        try
        {
            try
            {
                await client.ConnectAsync(options, stop).ConfigureAwait(false);
                Connected = true;
            }
            catch (MqttCommunicationException ex)
            {
                // A connection the gateway closed or did not answer in time (10,000 devices connecting at once on a
                // loaded machine): counted as a failure of this device, not a crash of the whole run.
                Interlocked.Increment(ref _failed);
                LastRefusal = ex.Message;
                return;
            }
            finally
            {
                ConnectDone = true;
            }

            await Task.Delay(phase, stop).ConfigureAwait(false);
            using var timer = new PeriodicTimer(interval);
            do
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic($"telesante/v1/{SiteId}/{DeviceId}/vitals")
                    .WithPayload(Reading(DateTimeOffset.UtcNow))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Not cancelled by stop: a publish in flight is waited for, as the fleet's drain does.
                    var result = await client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
                    if (result.IsSuccess)
                    {
                        Interlocked.Increment(ref _acked);
                        latency.Record(Stopwatch.GetTimestamp() - started);
                    }
                    else
                    {
                        Interlocked.Increment(ref _refused);
                        LastRefusal = $"{result.ReasonCode} {result.ReasonString}";
                    }
                }
                catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
                {
                    Interlocked.Increment(ref _failed);
                    LastRefusal = ex.Message;
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync().ConfigureAwait(false);
            }
        }
    }

    private string Reading(DateTimeOffset now)
    {
        var time = now.ToString("O", CultureInfo.InvariantCulture);
        var systolic = 118 + _random.Next(-6, 7);
        var diastolic = 76 + _random.Next(-4, 5);
        var mean = Math.Round(diastolic + ((systolic - diastolic) / 3.0), 1);
        var json = new StringBuilder(900);
        json.Append(CultureInfo.InvariantCulture, $"{{\"seq\":{++_seq},\"sessionId\":\"{SessionId}\",\"deviceTime\":\"{time}\",\"observations\":[");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150021,\"loinc\":\"8480-6\",\"value\":{systolic},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150022,\"loinc\":\"8462-4\",\"value\":{diastolic},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150023,\"loinc\":\"8478-0\",\"value\":{mean},\"unit\":\"mm[Hg]\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150456,\"loinc\":\"59408-5\",\"value\":{97 + _random.Next(-1, 2)},\"unit\":\"%\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":149530,\"loinc\":\"8889-8\",\"value\":{72 + _random.Next(-3, 4)},\"unit\":\"/min\",\"time\":\"{time}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"{{\"mdc\":150364,\"loinc\":\"8310-5\",\"value\":{Math.Round(36.8 + (_random.NextDouble() * 0.4), 1)},\"unit\":\"Cel\",\"time\":\"{time}\"}}");
        json.Append("]}");
        return json.ToString();
    }
}
