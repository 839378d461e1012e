using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Security;
using TeleSante.Ingestion.Attribution;

namespace TeleSante.Gateway.Attribution;

/// <summary>The pipeline's attribution check (every transport): in <see cref="AttributionMode.Consultation"/>,
/// <see cref="OpenConsultations"/> decides; in <see cref="AttributionMode.Session"/> everything is allowed. A refusal
/// is audited under the batch's device, throttled like refused MQTT topics (Security:RefusedAuditPerDevice per
/// window), so a device left streaming after its consultation closed costs counters, not an fsync'd entry per batch.</summary>
internal sealed class ConsultationAttributionGuard(OpenConsultations table, RefusalAuditThrottle refusals, IOptions<AttributionOptions> options) : IReadingAttribution
{
    private readonly bool _enabled = options.Value.Mode == AttributionMode.Consultation;

    public AttributionVerdict Check(ReadingBatch batch) => Check(batch.DeviceId, batch.SiteId, batch.SessionId);

    /// <summary>The same check for what is not a batch (a photograph).</summary>
    public AttributionVerdict Check(string deviceId, string siteId, string sessionId) =>
        _enabled ? table.Check(deviceId, siteId, sessionId) : AttributionVerdict.Allowed;

    public Task RecordRefusalAsync(ReadingBatch batch, string transport, AttributionVerdict verdict) =>
        RecordRefusalAsync(batch.DeviceId, "batch.submit", batch.SessionId, transport, null, verdict);

    public Task RecordRefusalAsync(string deviceId, string action, string sessionId, string transport, string? remote, AttributionVerdict verdict) =>
        refusals.RecordForDeviceAsync(new AuditEntry(deviceId, action, "session/" + sessionId, AuditEntry.Denied, remote, $"{verdict.Reason}: {verdict.Detail} ({transport})"));
}
