using System.Text.Json;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Serial;
using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>What a simulated serial device wrote, and what the gateway serves back, in one shape.</summary>
public static class Readings
{
    public static IReadOnlyList<StoredReading> Expected(IEnumerable<WrittenSentence> written, string deviceId) =>
    [
        .. written.SelectMany(sentence => sentence.Observations.Select(o => new StoredReading(
            deviceId, sentence.Seq, o.MdcCode, o.Value, o.Unit, sentence.TimeNs,
            // The gateway records the LOINC code that goes with the MDC code and unit when the device sends none.
            CodeCatalog.FindObservation(o.MdcCode)?.LoincFor(o.Unit)))),
    ];

    public static async Task<IReadOnlyList<StoredReading>> StoredAsync(GatewayProcess gateway, string session) =>
        [.. (await StoredRecording.ObservationsAsync(gateway, session)).Select(Of)];

    /// <summary>Polls the gateway's HTTP API until at least <paramref name="count"/> observations are stored.</summary>
    public static async Task<IReadOnlyList<StoredReading>> StoredEventuallyAsync(GatewayProcess gateway, string session, int count, TimeSpan timeout) =>
        await StoredRecording.EventuallyAsync(() => StoredAsync(gateway, session), stored => stored.Count >= count, timeout);

    private static StoredReading Of(JsonElement o) => new(
        o.GetProperty("deviceId").GetString()!,
        o.GetProperty("seq").UInt64(),
        o.GetProperty("mdcCode").GetUInt32(),
        o.GetProperty("value").GetDouble(),
        o.GetProperty("unit").GetString()!,
        o.GetProperty("timeNs").Int64(),
        o.GetProperty("loinc").ValueKind == JsonValueKind.Null ? null : o.GetProperty("loinc").GetString());
}
