namespace TeleSante.Clinical.Requests;

/// <summary>One audited step of a request: who did what, when, from where, and the state before and after.
/// <see cref="Version"/> is the request's version after the step (1 for the creation).</summary>
public sealed record RequestEvent(
    string RequestId,
    int Version,
    RequestAction Action,
    RequestState? FromState,
    RequestState ToState,
    string ActorId,
    string From,
    DateTimeOffset At,
    string? Detail);
