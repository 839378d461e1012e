using Microsoft.AspNetCore.StaticFiles;

namespace TeleSante.Gateway.Infrastructure;

/// <summary>The wwwroot files served under endpoint routes (the viewer, its libraries, the clinical pages): one
/// pipeline so every page gets the same content types and cache rule.</summary>
internal static class StaticPages
{
    public static RequestDelegate Build(IEndpointRouteBuilder endpoints) =>
        endpoints.CreateApplicationBuilder()
            .Use(next => context =>
            {
                // The static file middleware serves only requests no endpoint claimed (as MapFallbackToFile does).
                context.SetEndpoint(null);
                return next(context);
            })
            .UseStaticFiles(new StaticFileOptions
            {
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                // The pages are small and change with the gateway: revalidate each time (ETag/Last-Modified).
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            })
            .Build();
}
