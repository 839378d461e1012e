using System.Net.Http.Headers;
using System.Net.Http.Json;
using TeleSante.Testing;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// For <c>--attribution consultation</c>: what a pharmacy would have done before its devices stream, through the
/// gateway's own admin and clinical HTTP API: one station per simulated device (the device its only one), a patient,
/// their consent, and a consultation open at that station whose id is the session the device streams under.
/// </summary>
public static class ConsultationSetup
{
    private const string Operator = "bench-operator";

    /// <param name="devices">(device, site, session) of every simulated device.</param>
    public static async Task OpenAsync(GatewayProcessHost gateway, string dll, IReadOnlyList<(string Device, string Site, string Session)> devices, CancellationToken cancellationToken)
    {
        var sites = devices.Select(d => d.Site).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        using var admin = Client(gateway, await DevTokenAsync(gateway, dll, "bench-admin", "administrator").ConfigureAwait(false));
        foreach (var site in sites)
        {
            await PostAsync(admin, "/api/admin/sites", new { id = site, name = site, kind = "Pharmacy" }, cancellationToken).ConfigureAwait(false);
        }

        await PostAsync(admin, "/api/admin/practitioners", new
        {
            id = Operator, familyName = "Banc", givenName = "Essai", rpps = "10000000017", profession = "pharmacist", roles = new[] { "site-operator" }, siteIds = sites,
        }, cancellationToken).ConfigureAwait(false);
        using var pharmacist = Client(gateway, await DevTokenAsync(gateway, dll, Operator, "site-operator").ConfigureAwait(false));
        foreach (var (device, site, session) in devices)
        {
            await PostAsync(admin, "/api/admin/stations", new { id = "st-" + device, siteId = site, name = device, kind = "Cabin", deviceIds = new[] { device } }, cancellationToken).ConfigureAwait(false);
            await PostAsync(pharmacist, "/api/clinical/patients", new
            {
                id = "p-" + device, birthFamilyName = "BANC", birthGivenNames = "ESSAI", firstGivenName = "ESSAI", birthDate = "1970-01-01", sex = "Female",
                birthPlaceCode = "75056", identityDocumentChecked = false,
            }, cancellationToken).ConfigureAwait(false);
            await PostAsync(pharmacist, "/api/clinical/consents", new
            {
                id = "c-" + device, patientId = "p-" + device, informationGiven = "bench", specialties = new[] { "cardiology" }, shareReportWithTreatingGp = false,
            }, cancellationToken).ConfigureAwait(false);
            await PostAsync(pharmacist, "/api/clinical/consultations", new { id = session, stationId = "st-" + device, patientId = "p-" + device, consentId = "c-" + device },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpClient Client(GatewayProcessHost gateway, string token)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>A token from the gateway's development issuer (its dev-token command on the same data directory).</summary>
    internal static async Task<string> DevTokenAsync(GatewayProcessHost gateway, string dll, string subject, string role)
    {
        await using var command = ExternalProcess.Start("dotnet", [dll, "dev-token", "--sub", subject, "--role", role, $"--Storage:DataDirectory={gateway.DataDirectory}"]);
        var code = await command.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var token = command.RecentOutputLines.Select(l => l.StartsWith("out: ", StringComparison.Ordinal) ? l[5..] : string.Empty).LastOrDefault(l => l.Count(c => c == '.') == 2);
        return code == 0 && token is not null ? token : throw new InvalidOperationException($"dev-token failed ({code}): {command.RecentOutput}");
    }
}
