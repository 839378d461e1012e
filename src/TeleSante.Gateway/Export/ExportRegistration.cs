namespace TeleSante.Gateway.Export;

internal static class ExportRegistration
{
    public static IHostApplicationBuilder AddTeleSanteExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
