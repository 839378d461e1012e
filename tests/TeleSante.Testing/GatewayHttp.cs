using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;

namespace TeleSante.Testing;

/// <summary>What the API tests of a real gateway process do over and over: a client signed in as someone, a practitioner
/// entered by the administrator, and a JSON answer that must be a success (the failure names the request and its body).</summary>
public static class GatewayHttp
{
    public static async Task<HttpClient> ClientAsync(GatewayProcess gateway, string subject, string roles, string? site = null)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync(subject, roles, site));
        return client;
    }

    public static async Task AddPractitionerAsync(GatewayProcess gateway, string id, string rpps, string profession, string? specialty, string[] roles, string[] sites) =>
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new { id, familyName = "Nom-" + id, givenName = "Prénom", rpps, profession, specialty, roles, siteIds = sites }))
            .EnsureSuccessStatusCode();

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
