using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TeleSante.FirmwareSim.Transport;

/// <summary>
/// Sends photographs as a camera's export module does: one HTTP PUT per capture to
/// /api/devices/{device}/images/{capture}, with the device credential in headers. The PUT is
/// idempotent on the gateway (same capture, same bytes), so a send whose answer was lost is simply
/// sent again; network errors and 5xx are retried with backoff, a 4xx refusal is final.
/// </summary>
public sealed class ImageUploader(HttpClient http, DeviceCredential? credential, int maxAttempts = 8)
{
    public async Task<ImageUploadResult> UploadAsync(ImageUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = string.Create(CultureInfo.InvariantCulture,
            $"session={Uri.EscapeDataString(request.SessionId)}&site={Uri.EscapeDataString(request.SiteId)}&laterality={request.Laterality}&field={request.Field}&capturedAt={Uri.EscapeDataString(request.CapturedAt.ToString("O", CultureInfo.InvariantCulture))}");
        var path = $"/api/devices/{Uri.EscapeDataString(request.DeviceId)}/images/{Uri.EscapeDataString(request.CaptureId)}?{query}";
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(request.Bytes) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
                if (credential is not null)
                {
                    message.Headers.Add("x-telesante-device", credential.DeviceId);
                    message.Headers.Add("x-telesante-token", credential.Token);
                }

                using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(body);
                    var quality = json.RootElement.TryGetProperty("quality", out var q) && q.ValueKind == JsonValueKind.Object ? q : (JsonElement?)null;
                    return new ImageUploadResult(true, json.RootElement.GetProperty("duplicate").GetBoolean(), json.RootElement.GetProperty("imageId").GetInt64(), status, null,
                        quality?.GetProperty("gradable").GetBoolean(), quality?.GetProperty("reasons").EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToList());
                }

                if (status < 500 || attempt >= maxAttempts)
                {
                    return new ImageUploadResult(false, false, null, status, Describe(body, status));
                }
            }
            catch (HttpRequestException) when (attempt < maxAttempts)
            {
                // Link down or gateway restarting: the photograph stays on the camera and is sent again.
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    private static string Describe(string body, int status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var reason = json.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
            var detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{status} {reason}: {detail}";
        }
        catch (JsonException)
        {
            return $"{status}: {body}";
        }
    }
}
