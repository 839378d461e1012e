using System.Collections.Frozen;
using TeleSante.Clinical;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion.Attribution;

namespace TeleSante.Gateway.Attribution;

/// <summary>
/// The in-memory table readings are attributed with (issue 11): device → its station, the station's site and open
/// consultation. Readers take the current table with one volatile read and one frozen-dictionary lookup, without a
/// lock or an allocation; writers (a consultation opened or closed or a station saved through this gateway, the
/// periodic reload from the clinical store) build a new table under a lock and publish it. A reload that started
/// before a local change is discarded rather than allowed to undo it (<see cref="Version"/>).
/// </summary>
public sealed class OpenConsultations
{
    private readonly Lock _gate = new();
    private FrozenDictionary<string, DeviceAttribution> _byDevice = FrozenDictionary<string, DeviceAttribution>.Empty;
    private long _version;

    /// <summary>Changes applied so far; a reload passes the value it read before querying the store.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>True once the table was loaded from the store at least once.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Devices known to belong to a station.</summary>
    public int DeviceCount => Volatile.Read(ref _byDevice).Count;

    /// <summary>Consultations open at stations with devices.</summary>
    public int OpenCount => Volatile.Read(ref _byDevice).Values.Select(d => d.OpenConsultationId).OfType<string>().Distinct(StringComparer.Ordinal).Count();

    /// <summary>Allowed when <paramref name="sessionId"/> is the open consultation of the station of
    /// <paramref name="deviceId"/> and the station is at <paramref name="siteId"/>; otherwise the typed refusal.
    /// A refusal never names the open consultation nor a patient.</summary>
    public AttributionVerdict Check(string deviceId, string siteId, string sessionId)
    {
        if (!Volatile.Read(ref _byDevice).TryGetValue(deviceId, out var device))
        {
            return new(RejectReason.NoOpenConsultation,
                $"device '{deviceId}' belongs to no station, so no consultation can be open for it (an administrator adds it to its station: POST /api/admin/stations)");
        }

        if (!string.Equals(device.SiteId, siteId, StringComparison.Ordinal))
        {
            return new(RejectReason.SessionSiteMismatch, $"device '{deviceId}' belongs to station '{device.StationId}', which is not at site '{siteId}'");
        }

        if (device.OpenConsultationId is not { } open)
        {
            return new(RejectReason.NoOpenConsultation,
                $"station '{device.StationId}' of device '{deviceId}' has no open consultation: session '{sessionId}' is not attributed to anyone (a site operator opens one, then new batches are accepted)");
        }

        return string.Equals(open, sessionId, StringComparison.Ordinal)
            ? AttributionVerdict.Allowed
            : new(RejectReason.NotTheOpenConsultation, $"session '{sessionId}' is not the consultation open at station '{device.StationId}' of device '{deviceId}'");
    }

    /// <summary>A consultation opened through this gateway (nothing happens for a refused step).</summary>
    public void OnConsultationOpened(Outcome<Consultation> outcome)
    {
        if (outcome.Succeeded)
        {
            var consultation = outcome.Value;
            Update(table => Rebuild(table, d => d.StationId == consultation.StationId ? d with { OpenConsultationId = consultation.Id } : d));
        }
    }

    /// <summary>A consultation closed through this gateway: later batches naming it are refused.</summary>
    public void OnConsultationClosed(Outcome<Consultation> outcome)
    {
        if (outcome.Succeeded)
        {
            var consultation = outcome.Value;
            Update(table => Rebuild(table, d => d.StationId == consultation.StationId && d.OpenConsultationId == consultation.Id ? d with { OpenConsultationId = null } : d));
        }
    }

    /// <summary>A station saved through this gateway: its devices are now its own (with its open consultation, if any).</summary>
    public void OnStationSaved(Outcome<Station> outcome)
    {
        if (outcome.Succeeded)
        {
            var station = outcome.Value;
            Update(table =>
            {
                var open = table.Values.FirstOrDefault(d => d.StationId == station.Id)?.OpenConsultationId;
                var next = table.Where(kv => kv.Value.StationId != station.Id).ToDictionary(StringComparer.Ordinal);
                foreach (var device in station.DeviceIds)
                {
                    next[device] = new DeviceAttribution(device, station.Id, station.SiteId, open);
                }

                return next.ToFrozenDictionary(StringComparer.Ordinal);
            });
        }
    }

    /// <summary>Replaces the table with what the store holds, unless a local change was applied since
    /// <paramref name="versionBeforeQuery"/> (the query may have missed it): false then, and the caller reloads.</summary>
    public bool TryReplace(IEnumerable<DeviceAttribution> rows, long versionBeforeQuery)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = rows.ToFrozenDictionary(r => r.DeviceId, StringComparer.Ordinal);
        lock (_gate)
        {
            if (_version != versionBeforeQuery)
            {
                return false;
            }

            Volatile.Write(ref _byDevice, table);
            Loaded = true;
            return true;
        }
    }

    private void Update(Func<FrozenDictionary<string, DeviceAttribution>, FrozenDictionary<string, DeviceAttribution>> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _byDevice, change(_byDevice));
            Interlocked.Increment(ref _version);
        }
    }

    private static FrozenDictionary<string, DeviceAttribution> Rebuild(FrozenDictionary<string, DeviceAttribution> table, Func<DeviceAttribution, DeviceAttribution> change) =>
        table.ToFrozenDictionary(kv => kv.Key, kv => change(kv.Value), StringComparer.Ordinal);
}
