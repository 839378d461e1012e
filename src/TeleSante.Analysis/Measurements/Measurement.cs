namespace TeleSante.Analysis.Measurements;

/// <summary>One measured value, or the reason it was not measured.</summary>
/// <param name="Value">Null when not measured.</param>
/// <param name="Reason">Null when measured.</param>
public readonly record struct Measurement(double? Value, NotMeasurableReason? Reason)
{
    public bool IsMeasured => Value.HasValue;

    public static Measurement Of(double value) => new(value, null);

    public static Measurement Not(NotMeasurableReason reason) => new(null, reason);

    public override string ToString() => Value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : $"not measurable ({Reason})";
}
