using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Applies the rule table (LiveView:Alerts) to readings, one alert per episode. An episode is keyed by session,
/// device and code: it opens with the first reading outside the rule's limits (an alert is raised) and lasts while
/// that device's readings of that code stay beyond the same limit; the first later reading back in range ends it
/// (the alert records when). A reading beyond the other limit (systolic from below 90 to 180 or more) ends the
/// episode and opens a new one. A reading older than the episode's latest one never ends it (batches may arrive
/// out of order), but an out-of-range reading with no open episode always raises, however late. Only open episodes
/// are held in memory; after a restart, a value still out of range raises a new alert.
/// Single-threaded: called by the alert service's one reader.
/// </summary>
internal sealed class VitalAlertEvaluator
{
    private readonly FrozenDictionary<uint, VitalAlertRule> _rules;
    // The source is part of the key: a device's own HR readings and the rate the ECG analysis computes are two inputs,
    // and one back in range must not end the other's episode.
    private readonly Dictionary<(string Session, string Device, uint Mdc, string Source), Episode> _open = [];

    public VitalAlertEvaluator(IOptions<LiveViewOptions> options)
    {
        _rules = options.Value.AlertRules().ToFrozenDictionary(r => r.MdcCode);
    }

    /// <summary>Episodes open now.</summary>
    public int OpenEpisodes => _open.Count;

    /// <summary>What <paramref name="reading"/> changes: the id of the episode it ends (with the reading's time) and
    /// the alert it raises; either or both may be null.</summary>
    public (string? EndedAlertId, VitalAlert? Raised) Evaluate(in VitalReading reading, long nowNs)
    {
        if (!_rules.TryGetValue(reading.MdcCode, out var rule) || (reading.Source == VitalAlert.EcgAnalysisSource && !rule.FromEcgAnalysis))
        {
            return (null, null);
        }

        // Validation at start-up ensures every accepted unit converts; ingestion accepts no other unit.
        var value = VitalUnits.Convert(reading.Value, reading.Unit, rule.Unit);
        var crossed = value is { } v ? rule.Crossed(v) : null;
        var key = (reading.SessionId, reading.DeviceId, reading.MdcCode, reading.Source);
        string? ended = null;
        if (_open.TryGetValue(key, out var episode))
        {
            if (reading.TimeNs < episode.LatestNs || crossed == episode.Direction)
            {
                episode.LatestNs = Math.Max(episode.LatestNs, reading.TimeNs);
                return (null, null);
            }

            _open.Remove(key);
            ended = episode.AlertId;
        }

        if (crossed is null)
        {
            return (ended, null);
        }

        var alert = new VitalAlert
        {
            Id = "alert-" + Guid.CreateVersion7().ToString("N"),
            SessionId = reading.SessionId,
            DeviceId = reading.DeviceId,
            RefId = rule.RefId,
            MdcCode = rule.MdcCode,
            Label = rule.Label,
            Severity = rule.Severity,
            Direction = crossed,
            Limit = crossed == VitalAlert.BelowDirection ? rule.Below!.Value : rule.AtOrAbove!.Value,
            RuleUnit = rule.Unit,
            Value = reading.Value,
            Unit = reading.Unit,
            MeasuredAtNs = reading.TimeNs,
            MeasuredFromNs = reading.FromNs,
            Source = reading.Source,
            RaisedAtNs = nowNs,
        };
        _open[key] = new Episode(alert.Id, crossed) { LatestNs = reading.TimeNs };
        return (ended, alert);
    }

    private sealed class Episode(string alertId, string direction)
    {
        public string AlertId { get; } = alertId;

        public string Direction { get; } = direction;

        public long LatestNs { get; set; }
    }
}
