namespace TeleSante.Gateway.Clinical;

/// <summary>What <see cref="ClinicalHub"/> calls on a connected page (README, "Live worklist").</summary>
public interface IClinicalClient
{
    /// <summary>A request of the subscribed specialty changed (submitted, resubmitted, accepted, declined, cancelled, expired,
    /// answered): the worklist item with its <c>state</c>. A page drops items that are neither Submitted nor accepted by its user.</summary>
    Task WorklistChanged(object item);

    /// <summary>A request the user is a party to (or of their site, for its requesters) took a step: <c>{request, reports}</c>.</summary>
    Task RequestChanged(object view);
}
