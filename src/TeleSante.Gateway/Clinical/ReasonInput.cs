namespace TeleSante.Gateway.Clinical;

/// <summary>The body of a decline, a cancellation or a consent withdrawal.</summary>
internal sealed record ReasonInput(string Reason);
