using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.StationAgent.Internal;

namespace TeleSante.StationAgent;

public static class StationAgentRegistration
{
    /// <summary>
    /// The station agent: options (sections <c>Agent</c>, <c>Gateway</c>, <c>Outbox</c>, validated at
    /// start-up), the disk outbox, the serial readers, the forwarder and the status log.
    /// </summary>
    public static IHostApplicationBuilder AddStationAgent(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AgentStatus>();
        services.AddSingleton(static sp => DiskOutbox.Open(
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value,
            sp.GetRequiredService<AgentStatus>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiskOutbox>>()));
        services.AddSingleton<RejectedLineStore>();

        // Stopped in reverse order: the readers stop taking lines first, then the forwarder, so nothing
        // is appended to the outbox after the forwarder wrote its last checkpoint.
        services.AddHostedService<ForwarderService>();
        services.AddHostedService<SerialReaderService>();
        services.AddHostedService<StatusLogService>();
        return builder;
    }
}
