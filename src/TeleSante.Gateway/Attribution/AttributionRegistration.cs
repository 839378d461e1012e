using TeleSante.Ingestion.Attribution;

namespace TeleSante.Gateway.Attribution;

internal static class AttributionRegistration
{
    /// <summary>
    /// Readings attributed to the open consultation of their device's station (issue 11): the in-memory table (the
    /// clinical endpoints keep it current), its loader, and the pipeline's check. The mode is read from the validated
    /// options when the host starts; in <see cref="AttributionMode.Session"/> nothing is loaded nor checked.
    /// </summary>
    public static IHostApplicationBuilder AddTeleSanteAttribution(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AttributionOptions>().BindConfiguration(AttributionOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OpenConsultations>();
        services.AddSingleton<ConsultationAttributionGuard>();
        services.AddSingleton<IReadingAttribution>(sp => sp.GetRequiredService<ConsultationAttributionGuard>());

        // Registered (Program.cs) after the clinical store's migration and before the transports: the table is loaded
        // before the MQTT broker and Kestrel accept anything.
        services.AddHostedService<OpenConsultationsLoader>();
        return builder;
    }
}
