using System.ComponentModel.DataAnnotations;

namespace TeleSante.Analysis.Triage;

/// <summary>
/// Limits of <see cref="TriageRules"/> (issue 12: AF with fast ventricular response, pause &gt; 3 s, HR &lt; 40 or
/// &gt; 150, wide-QRS tachycardia). Bound from configuration by the host with data annotations and
/// <see cref="Validate"/> at start-up; every limit is strict (a value equal to it is not urgent).
/// </summary>
public sealed record TriageOptions
{
    /// <summary>AF suspected with a mean ventricular rate above this is urgent, bpm (110: the rate-control target of
    /// the lenient strategy, RACE II; ESC 2020 AF guidelines).</summary>
    [Range(60.0, 250.0)]
    public double AfFastVentricularResponseAboveBpm { get; init; } = 110;

    /// <summary>A pause longer than this is urgent, s.</summary>
    [Range(1.0, 20.0)]
    public double PauseLongerThanSeconds { get; init; } = 3.0;

    /// <summary>A rhythm episode slower than this is urgent, bpm.</summary>
    [Range(20.0, 60.0)]
    public double BradycardiaBelowBpm { get; init; } = 40;

    /// <summary>A rhythm episode faster than this is urgent, bpm.</summary>
    [Range(100.0, 300.0)]
    public double TachycardiaAboveBpm { get; init; } = 150;

    /// <summary>Whether a wide-QRS tachycardia statement is urgent (it always is clinically; the switch exists so that a
    /// site whose QRS measurement is not yet trusted can turn the rule off explicitly, not silently).</summary>
    public bool WideQrsTachycardiaIsUrgent { get; init; } = true;

    /// <summary>Checks every value (the bradycardia and tachycardia ranges cannot overlap); throws <see cref="ArgumentOutOfRangeException"/> naming the first one out of range.</summary>
    public void Validate()
    {
        var context = new ValidationContext(this);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, context, results, validateAllProperties: true))
        {
            var first = results[0];
            throw new ArgumentOutOfRangeException(first.MemberNames.FirstOrDefault(), first.ErrorMessage);
        }
    }
}
