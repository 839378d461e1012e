namespace TeleSante.Clinical.Requests;

/// <summary>The request after a step and the audit event of the step; the store writes both atomically.</summary>
public sealed record RequestChange(TeleExpertiseRequest Request, RequestEvent Event);
