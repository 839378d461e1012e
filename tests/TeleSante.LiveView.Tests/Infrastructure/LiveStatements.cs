using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>
/// What the rhythm statement tests share: a gateway with the analysis settings they choose and a doctor assigned to their
/// sessions, the statements its viewers received, and the statements stored for a session as the REST endpoint
/// (<c>GET /api/recordings/{session}/ecg/analysis</c>) returns them.
/// </summary>
internal static class LiveStatements
{
    public const string WideQrs = "wide-qrs-tachycardia";

    /// <summary>A gateway with <paramref name="settings"/> (e.g. <c>Analysis:RhythmBlockSeconds</c>) and
    /// <paramref name="doctor"/> assigned to every one of <paramref name="sessions"/>.</summary>
    public static async Task<LiveGateway> StartAsync(Uri influx, string doctor, IEnumerable<string> sessions, IReadOnlyDictionary<string, string> settings)
    {
        var gateway = await LiveGateway.StartAsync(influx, settings);
        foreach (var session in sessions)
        {
            gateway.Authorizer.Assign(doctor, session);
        }

        return gateway;
    }

    /// <summary>Every version received, in order (an urgent statement is sent early, again as it grows, then confirmed or
    /// withdrawn, under one id), optionally of one code.</summary>
    public static List<LiveRhythmStatement> Sent(TestViewer viewer, string? code = null) =>
        [.. viewer.Analyses.SelectMany(a => a.Analysis.Statements).Where(s => code is null || s.Code == code)];

    /// <summary>The latest version of each statement received.</summary>
    public static List<LiveRhythmStatement> Latest(TestViewer viewer) => [.. Sent(viewer).GroupBy(s => s.Id).Select(g => g.Last())];

    /// <summary>An HTTP client authenticated as <paramref name="doctor"/>.</summary>
    public static HttpClient Client(LiveGateway gateway, string doctor)
    {
        var client = new HttpClient { BaseAddress = gateway.HttpBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", doctor);
        return client;
    }

    /// <summary>The session's stored statements from <paramref name="fromNs"/> to now (every device), optionally of one code.</summary>
    public static async Task<List<StoredStatement>> StoredAsync(HttpClient doctor, string session, long fromNs, string? code = null)
    {
        using var doc = JsonDocument.Parse(await doctor.GetStringAsync($"/api/recordings/{session}/ecg/analysis?from={fromNs}&to={Ns.Now()}"));
        return [.. doc.RootElement.GetProperty("devices").EnumerateArray().SelectMany(d => d.GetProperty("statements").EnumerateArray())
            .Where(s => code is null || s.GetProperty("code").GetString() == code)
            .Select(s => new StoredStatement(
                s.GetProperty("code").GetString() ?? string.Empty,
                s.GetProperty("id").GetString() ?? string.Empty,
                Long(s.GetProperty("startNs")),
                Long(s.GetProperty("endNs")),
                s.GetProperty("status").GetString() ?? string.Empty,
                s.GetProperty("provisional").GetBoolean(),
                s.GetProperty("withdrawnNs").ValueKind == JsonValueKind.Null ? null : Long(s.GetProperty("withdrawnNs")),
                s.GetProperty("withdrawnReason").GetString()))];
    }

    /// <summary>An ns time as the API writes it (a JSON string: beyond a double's integers).</summary>
    public static long Long(JsonElement e) => e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();
}
