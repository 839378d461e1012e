namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/requests/{id}/resubmit: a declined request sent again, <see cref="Question"/> reworded or (null) kept.</summary>
internal sealed record ResubmitInput(string? Question);
