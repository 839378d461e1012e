using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.GrpcIngest;
using TeleSante.Gateway.Mqtt;

namespace TeleSante.Gateway.Infrastructure;

internal static class TransportRegistration
{
    /// <summary>gRPC ingestion. The runtime's message limit is set above the validated batch limit so
    /// that a batch between the two gets a typed TOO_LARGE rejection on a stream that stays open;
    /// only a message beyond four times the limit ends the call (RESOURCE_EXHAUSTED).</summary>
    public static IHostApplicationBuilder AddTeleSanteGrpc(this IHostApplicationBuilder builder)
    {
        var maxBatchBytes = builder.Configuration.GetSection(ValidationLimits.Section).Get<ValidationLimits>()?.MaxBatchBytes ?? new ValidationLimits().MaxBatchBytes;
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, 4L * maxBatchBytes);
            options.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton<IngestGrpcService>();
        return builder;
    }

    /// <summary>MQTT ingestion: the embedded broker or the external-broker subscriber, per Mqtt:Mode.</summary>
    public static IHostApplicationBuilder AddTeleSanteMqtt(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MqttIngestHandler>();
        var mode = builder.Configuration.GetSection(MqttOptions.Section).Get<MqttOptions>()?.Mode ?? MqttMode.Embedded;
        switch (mode)
        {
            case MqttMode.Embedded:
                services.AddSingleton<EmbeddedMqttBroker>();
                services.AddHostedService(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
                break;
            case MqttMode.External:
                services.AddSingleton<ExternalBrokerSubscriber>();
                services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
                break;
        }

        return builder;
    }
}
