using TeleSante.Clinical.Practitioners;

namespace TeleSante.Clinical;

/// <summary>Who performs a step and from where (the client's address or station id), for the checks and the
/// audit trail. "When" comes from the injected <see cref="TimeProvider"/>.</summary>
public sealed record Actor(Practitioner Practitioner, string From)
{
    public string Id => Practitioner.Id;
}
