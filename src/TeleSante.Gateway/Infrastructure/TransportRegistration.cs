using Grpc.AspNetCore.Server;
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
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = false);
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ValidationLimits>>((options, limits) =>
            options.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, 4L * limits.Value.MaxBatchBytes));
        builder.Services.AddSingleton<IngestGrpcService>();
        return builder;
    }

    /// <summary>MQTT ingestion: the embedded broker or the external-broker subscriber, per Mqtt:Mode.</summary>
    public static IHostApplicationBuilder AddTeleSanteMqtt(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MqttIngestHandler>();
        services.AddSingleton<EmbeddedMqttBroker>();
        services.AddSingleton<ExternalBrokerSubscriber>();
        // The mode is read from the validated options when the host starts; only that transport is built and started.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<MqttOptions>>().Value.Mode switch
        {
            MqttMode.Embedded => sp.GetRequiredService<EmbeddedMqttBroker>(),
            MqttMode.External => sp.GetRequiredService<ExternalBrokerSubscriber>(),
            _ => new NoMqttTransport(),
        });
        return builder;
    }
}
