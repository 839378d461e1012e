using TeleSante.Gateway.Infrastructure;

namespace TeleSante.Gateway.Clinical.Pages;

/// <summary>
/// The clinical pages (issue 11): <c>/clinical/point.html</c> (site operator), <c>worklist.html</c> (specialist),
/// <c>reading.html?request=ID</c> (accepting specialist), <c>request.html?id=ID</c> (requester, printable on A4).
/// Static files from wwwroot/clinical, anonymous like the viewer's: they hold no patient data; every datum comes
/// from the clinical API and hubs, which authorise and audit each read.
/// </summary>
internal static class ClinicalPagesEndpoints
{
    public static IEndpointRouteBuilder MapClinicalPages(this IEndpointRouteBuilder endpoints)
    {
        var files = StaticPages.Build(endpoints);
        endpoints.Map("/clinical/{**path}", files).AllowAnonymous().WithDisplayName("Clinical pages");
        return endpoints;
    }
}
