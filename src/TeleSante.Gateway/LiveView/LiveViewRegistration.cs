using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using TeleSante.Gateway.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeleSante.Gateway.LiveView.Internal;
using TeleSante.Ingestion;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>Registration of the live view: the SignalR hub, its fan-out from the ingestion pipeline,
/// review-mode replay and the web viewer's static files.</summary>
public static class LiveViewRegistration
{
    /// <summary>Where the hub is mapped.</summary>
    public const string HubPath = "/hubs/live";

    /// <summary>The web viewer (<c>?session=ID</c> for live, plus <c>&amp;from=…&amp;to=…</c> for review).</summary>
    public const string ViewerPath = "/viewer/index.html";

    /// <summary>SignalR (JSON and MessagePack), the fan-out observer, subscriptions and replay, the Redis
    /// relay to other gateways (when LiveView:Redis is set), and a
    /// deny-by-default <see cref="ILiveSessionAuthorizer"/> the security feature replaces. Options are
    /// validated at start-up. Calling it twice is harmless.</summary>
    public static IHostApplicationBuilder AddTeleSanteLiveView(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTeleSanteLiveViewServices();

        // The viewer's files live in the project's wwwroot (plus wwwroot/lib, copied there by
        // scripts/install-web.sh). The static web assets manifest written by the build maps them for the
        // build output too, whatever the environment; after `dotnet publish` they sit in wwwroot beside
        // the binary and the manifest is absent, so this does nothing.
        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseStaticWebAssets();
        }

        return builder;
    }

    /// <summary>The services of <see cref="AddTeleSanteLiveView"/> (for hosts built another way, e.g. tests).</summary>
    internal static IServiceCollection AddTeleSanteLiveViewServices(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(LiveFanOut)))
        {
            return services;
        }

        services.AddOptions<LiveViewOptions>().BindConfiguration(LiveViewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSignalR(hub =>
        {
            // Viewers only send small invocations (join, leave, replay).
            hub.MaximumReceiveMessageSize = 16 * 1024;
            hub.EnableDetailedErrors = false;
            hub.AddFilter<LiveViewHubFilter>();
        }).AddJsonProtocol().AddMessagePackProtocol();
        // A refused join is an answer, not a fault: LiveViewHubFilter logs hub method exceptions itself
        // (refusals at Information, faults at Error), so the dispatcher's Error entries, which report
        // every HubException with a stack trace, are left out. Its warnings still pass.
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, LiveViewHubFilter.DispatcherCategory, LogLevel.Warning, (_, _, level) => level != LogLevel.Error)));
        services.AddSingleton<LiveViewHubFilter>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILiveSessionAuthorizer, DevelopmentLiveSessionAuthorizer>();
        services.AddSingleton<ILiveViewSender, HubLiveViewSender>();
        services.AddSingleton<LiveRelayOutbox>();
        services.AddSingleton<LiveFanOut>();
        services.AddSingleton<IAcceptedBatchObserver>(sp => sp.GetRequiredService<LiveFanOut>());
        services.AddSingleton<ILiveAnalysisPublisher>(sp => sp.GetRequiredService<LiveFanOut>());
        services.AddSingleton<LiveSubscriptions>();
        services.AddSingleton<RecordingReplay>();
        // Vitals alerts (issue 12): every reading of every durable batch, evaluated off the ingestion path.
        services.AddSingleton<VitalAlertQueue>();
        services.AddSingleton<IAcceptedBatchObserver>(sp => sp.GetRequiredService<VitalAlertQueue>());
        services.AddSingleton<VitalAlertEvaluator>();
        services.AddSingleton<VitalAlertPush>();
        services.AddSingleton<RedisAlertRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisAlertRelay>());
        services.AddSingleton<VitalAlertService>();
        services.AddHostedService(sp => sp.GetRequiredService<VitalAlertService>());
        services.AddSingleton<LiveViewEndpointsMarker>();
        services.AddHostedService<LiveViewHousekeeping>();
        // Scale-out across gateways through Redis (LiveView:Redis); does nothing when it is empty.
        services.AddSingleton<RedisLiveRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisLiveRelay>());
        return services;
    }

    /// <summary>
    /// Maps the hub at <see cref="HubPath"/> (WebSockets, then long polling) and the viewer's files under
    /// <c>/viewer/</c> and <c>/lib/</c> (anonymous: they hold no patient data; the hub does the
    /// authorization). Returns the hub's builder, e.g. for <c>.RequireAuthorization()</c>.
    /// Calling it twice maps once.
    /// </summary>
    public static IEndpointConventionBuilder MapTeleSanteLiveView(this IEndpointRouteBuilder endpoints)
    {
        var marker = endpoints.ServiceProvider.GetRequiredService<LiveViewEndpointsMarker>();
        if (!marker.TryMark())
        {
            return marker.Hub!;
        }

        var files = StaticPages.Build(endpoints);
        endpoints.Map("/viewer/{**path}", files).AllowAnonymous().WithDisplayName("Live viewer files");
        endpoints.Map("/lib/{**path}", files).AllowAnonymous().WithDisplayName("Live viewer libraries");
        endpoints.MapGet("/viewer", (HttpContext context) => Results.Redirect(ViewerPath + context.Request.QueryString)).AllowAnonymous();

        endpoints.MapVitalAlerts();
        marker.Hub = endpoints.MapHub<LiveViewHub>(HubPath, connection =>
        {
            connection.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            // A connection whose token expires is closed (SignalR checks about once a second); a joined
            // viewer is first told why (LiveSubscriptions.CutExpiredAsync).
            connection.CloseOnAuthenticationExpiration = true;
        });
        return marker.Hub;
    }
}
