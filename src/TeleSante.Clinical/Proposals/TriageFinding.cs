namespace TeleSante.Clinical.Proposals;

/// <summary>A suggested-urgent finding of the triage rules (issue 12: AF with fast ventricular response, pause &gt; 3 s,
/// HR &lt; 40 or &gt; 150, wide-QRS tachycardia): which rule, what was seen, and when.</summary>
public sealed record TriageFinding(string Rule, string Text, DateTimeOffset At);
