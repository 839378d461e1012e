using System.Net;
using Microsoft.Extensions.Options;
using TeleSante.Gateway.Mqtt;

namespace TeleSante.Gateway.Security;

/// <summary>
/// Refuses to start when a listener outside loopback would carry health data in clear: every
/// Kestrel endpoint must be https:// or bound to loopback, and the embedded MQTT broker (plain TCP)
/// must listen on loopback (put a TLS-terminating broker, e.g. mosquitto with certificates, in front
/// of it otherwise). Security:AllowPlaintextOutsideLoopback exists for isolated lab networks only.
/// </summary>
internal sealed class TransportSecurityCheck(IOptions<KestrelEndpointsOptions> kestrel, IOptions<MqttOptions> mqtt, IOptions<SecurityOptions> security) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (security.Value.AllowPlaintextOutsideLoopback)
        {
            return Task.CompletedTask;
        }

        foreach (var (name, endpoint) in kestrel.Value.Endpoints)
        {
            var url = endpoint.Url;
            if (url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(new Uri(url.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0")).Host))
            {
                throw new InvalidOperationException($"Kestrel endpoint '{name}' ({url}) is plaintext outside loopback: use https with a certificate (Kestrel:Endpoints:{name}:Certificate) or bind 127.0.0.1.");
            }
        }

        if (mqtt.Value.Mode == MqttMode.Embedded && !IsLoopback(mqtt.Value.EmbeddedBindAddress))
        {
            throw new InvalidOperationException($"The embedded MQTT broker has no TLS and may only bind loopback, not {mqtt.Value.EmbeddedBindAddress}: use Mqtt:Mode=External with a TLS broker.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
