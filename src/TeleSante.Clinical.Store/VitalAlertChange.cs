namespace TeleSante.Clinical.Store;

/// <summary>One outcome of a reading for <see cref="VitalAlertStore.ApplyAsync"/>: either an alert raised
/// (<paramref name="Raised"/>) or the end of an alert's episode (<paramref name="EndedId"/> at <paramref name="EndedAtNs"/>,
/// the measurement time of the first reading back in range).</summary>
public readonly record struct VitalAlertChange(VitalAlertRow? Raised, string? EndedId, long EndedAtNs)
{
    public static VitalAlertChange Raise(VitalAlertRow alert) => new(alert, null, 0);

    public static VitalAlertChange End(string id, long endedAtNs) => new(null, id, endedAtNs);
}
