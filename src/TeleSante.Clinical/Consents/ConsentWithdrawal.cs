namespace TeleSante.Clinical.Consents;

/// <summary>The patient withdrew their consent: recorded by <see cref="RecordedBy"/> at <see cref="At"/>.</summary>
public sealed record ConsentWithdrawal(string RecordedBy, DateTimeOffset At, string Reason);
