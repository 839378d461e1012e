namespace TeleSante.Gateway.Mqtt;

/// <summary>The MQTT transport of <see cref="MqttMode.Disabled"/>: nothing to start.</summary>
internal sealed class NoMqttTransport : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
