using TeleSante.Clinical.Store;
using TeleSante.LiveView;

namespace TeleSante.Gateway.LiveView;

/// <summary>A vitals alert as the live view sends it and as the clinical database stores it.</summary>
internal static class VitalAlertMapping
{
    public static VitalAlertRow ToRow(this VitalAlert a) => new(
        a.Id, a.SessionId, a.DeviceId, a.RefId, a.MdcCode, a.Label, a.Severity, a.Direction, a.Limit, a.RuleUnit, a.Value, a.Unit,
        a.MeasuredAtNs, a.RaisedAtNs, a.EndedAtNs, a.AcknowledgedBy, a.AcknowledgedAtNs, a.Source, a.MeasuredFromNs);

    public static VitalAlert ToAlert(this VitalAlertRow r) => new()
    {
        Id = r.Id,
        SessionId = r.SessionId,
        DeviceId = r.DeviceId,
        RefId = r.RefId,
        MdcCode = r.MdcCode,
        Label = r.Label,
        Severity = r.Severity,
        Direction = r.Direction,
        Limit = r.Limit,
        RuleUnit = r.RuleUnit,
        Value = r.Value,
        Unit = r.Unit,
        MeasuredAtNs = r.MeasuredAtNs,
        MeasuredFromNs = r.MeasuredFromNs,
        Source = r.Source,
        RaisedAtNs = r.RaisedAtNs,
        EndedAtNs = r.EndedAtNs,
        AcknowledgedBy = r.AcknowledgedBy,
        AcknowledgedAtNs = r.AcknowledgedAtNs,
    };
}
