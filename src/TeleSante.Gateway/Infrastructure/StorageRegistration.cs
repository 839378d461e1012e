using Microsoft.Extensions.Options;

namespace TeleSante.Gateway.Infrastructure;

internal static class StorageRegistration
{
    /// <summary>The data directory and the paths derived from it. A key under <c>Storage</c> that is not a
    /// setting (a typo) stops the start rather than leaving data in the default directory.</summary>
    public static IServiceCollection AddTeleSanteStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DataPaths(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        return services;
    }

    /// <inheritdoc cref="AddTeleSanteStorage(IServiceCollection)"/>
    public static IHostApplicationBuilder AddTeleSanteStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTeleSanteStorage();
        return builder;
    }
}
