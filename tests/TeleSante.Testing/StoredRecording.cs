using System.Net.Http.Json;
using System.Text.Json;

namespace TeleSante.Testing;

/// <summary>Reads a session back through the gateway's HTTP API, as a review client would.</summary>
public static class StoredRecording
{
    /// <summary>Per (device, lead): the segments' samples, concatenated, plus how many segments.</summary>
    public static async Task<Dictionary<uint, (List<int> Samples, int Segments)>> WaveformsAsync(GatewayProcess gateway, string session, long fromNs, long toNs)
    {
        await gateway.AssignAsync(session);
        var json = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/waveforms?from={fromNs}&to={toNs}");
        var result = new Dictionary<uint, (List<int>, int)>();
        foreach (var channel in json.GetProperty("channels").EnumerateArray())
        {
            var samples = new List<int>();
            var segments = 0;
            foreach (var segment in channel.GetProperty("segments").EnumerateArray())
            {
                segments++;
                samples.AddRange(segment.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()));
            }

            result[channel.GetProperty("mdcCode").GetUInt32()] = (samples, segments);
        }

        return result;
    }

    public static async Task<List<JsonElement>> ObservationsAsync(GatewayProcess gateway, string session)
    {
        await gateway.AssignAsync(session);
        var json = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/observations");
        return [.. json.GetProperty("observations").EnumerateArray()];
    }

    public static async Task<List<JsonElement>> DeadLettersAsync(GatewayProcess gateway, string? device = null)
    {
        var json = await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/dead-letters" + (device is null ? string.Empty : "?device=" + device));
        return [.. json.EnumerateArray()];
    }

    /// <summary>Polls until <paramref name="done"/> holds or the timeout passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = await read();
        }

        return value;
    }
}
