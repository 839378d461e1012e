using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TeleSante.Access;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Access.Practitioners;
using TeleSante.Gateway.Infrastructure;
using TeleSante.Gateway.LiveView;
using TeleSante.Ingestion;
using TeleSante.LiveView;

namespace TeleSante.Gateway.Security;

internal static class SecurityRegistration
{
    public const string AdministratorPolicy = "administrator";

    /// <summary>Device registry, assignments, audit trail, JWT bearer authentication of practitioners.</summary>
    public static IHostApplicationBuilder AddTeleSanteSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelEndpointsOptions>().BindConfiguration(KestrelEndpointsOptions.Section).ValidateOnStart();

        services.AddSingleton<IDeviceRegistry>(sp => new SqliteDeviceRegistry(sp.GetRequiredService<DataPaths>().Devices, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAssignmentStore>(sp => new SqliteAssignmentStore(sp.GetRequiredService<DataPaths>().Assignments, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPractitionerRegistry>(sp => new SqlitePractitionerRegistry(sp.GetRequiredService<DataPaths>().Practitioners, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditTrail>(sp => new SqliteAuditTrail(sp.GetRequiredService<DataPaths>().Audit, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISessionSites>(sp => new SqliteSessionSites(sp.GetRequiredService<DataPaths>().SessionSites));
        services.AddSingleton<ISessionSiteGuard, SessionSiteGuard>();
        services.AddSingleton<SessionAccessPolicy>();
        services.AddSingleton<SessionAuthorizer>();
        services.Replace(ServiceDescriptor.Singleton<ILiveSessionAuthorizer>(sp => sp.GetRequiredService<SessionAuthorizer>()));
        services.AddSingleton<DeviceConnections>();
        services.AddSingleton<DeviceAuthenticator>();
        services.AddSingleton<RefusalAuditThrottle>();
        services.AddHostedService<RefusalAuditFlusher>();
        // First hosted service: it must refuse to start before any listener opens.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TransportSecurityCheck>());

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<SecurityOptions>, DataPaths>((jwt, security, paths) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = security.Value.JwtIssuer,
                ValidAudience = security.Value.JwtAudience,
                IssuerSigningKey = SigningKeys.Resolve(security.Value, paths.DevelopmentSigningKey),
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            jwt.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSocket connections: SignalR sends the token in the query.
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = FailedAuthenticationAudit.OnChallengeAsync,
                OnForbidden = FailedAuthenticationAudit.OnForbiddenAsync,
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        return builder;
    }

    /// <summary>Revoking a device in the registry cuts its live connections.</summary>
    public static WebApplication UseTeleSanteSecurity(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<IDeviceRegistry>();
        var connections = app.Services.GetRequiredService<DeviceConnections>();
        registry.Revoked += connections.CutAll;
        if (!app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.DeviceAuthentication)
        {
            SecurityLog.DeviceAuthenticationDisabled(app.Logger);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
