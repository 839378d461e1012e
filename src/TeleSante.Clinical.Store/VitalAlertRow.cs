namespace TeleSante.Clinical.Store;

/// <summary>A stored vitals alert (table <c>vital_alerts</c>): the rule and limit crossed, the reading's own value,
/// unit and measurement time, when it was raised, when its episode ended, who acknowledged it and when.
/// Times are ns since the Unix epoch. <c>Source</c> is <c>device</c> or <c>ecg-analysis</c> (the gateway's ECG heart rate,
/// measured over the beats from <c>MeasuredFromNs</c> to <c>MeasuredAtNs</c>; migration 5).</summary>
public sealed record VitalAlertRow(
    string Id,
    string SessionId,
    string DeviceId,
    string RefId,
    uint MdcCode,
    string Label,
    string Severity,
    string Direction,
    double Limit,
    string RuleUnit,
    double Value,
    string Unit,
    long MeasuredAtNs,
    long RaisedAtNs,
    long? EndedAtNs,
    string? AcknowledgedBy,
    long? AcknowledgedAtNs,
    string Source = "device",
    long? MeasuredFromNs = null);
