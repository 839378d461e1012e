using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>
/// Gives simulated devices their credentials as an installer would: registers each device through the
/// gateway's admin API (an administrator token is needed) and keeps the tokens in a local file, since
/// the gateway shows a token only once. A device registered before without a saved token is an error.
/// An https:// gateway is trusted as the devices trust it (<paramref name="caCertificate"/>, see <see cref="GatewayTls"/>).
/// </summary>
public sealed class DeviceProvisioner(Uri gateway, string adminToken, string credentialsFile, string? caCertificate = null) : IDisposable
{
    private readonly HttpClient _http = new(GatewayTls.CreateHandler(caCertificate)) { BaseAddress = gateway };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, string>? _tokens;

    public async Task<DeviceCredential> CredentialForAsync(string deviceId, string kind, string site, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _tokens ??= File.Exists(credentialsFile)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(credentialsFile, cancellationToken).ConfigureAwait(false)) ?? []
                : [];
            if (_tokens.TryGetValue(deviceId, out var known))
            {
                return new DeviceCredential(deviceId, known);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/devices") { Content = JsonContent.Create(new { id = deviceId, kind, site }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"registering {deviceId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
            }

            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false)).GetProperty("token").GetString()!;
            _tokens[deviceId] = token;
            await File.WriteAllTextAsync(credentialsFile, JsonSerializer.Serialize(_tokens), cancellationToken).ConfigureAwait(false);
            return new DeviceCredential(deviceId, token);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
