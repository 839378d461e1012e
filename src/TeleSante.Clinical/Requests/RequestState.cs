namespace TeleSante.Clinical.Requests;

/// <summary>
/// A tele-expertise request's states (issue 11):
/// Draft → Submitted (requester) → Accepted (one specialist of the specialty) → Answered (report signed) →
/// Amended (corrected report signed, again for each correction).
/// Submitted or Accepted → Declined (with reason, back to the requester) → Submitted again (requester).
/// Draft, Submitted, Accepted, Declined → Cancelled (requester). Submitted past due plus the grace → Expired.
/// Answered, Amended, Cancelled and Expired are final for the request (a report may still be amended).
/// </summary>
public enum RequestState
{
    Draft = 1,
    Submitted,
    Accepted,
    Answered,
    Amended,
    Declined,
    Cancelled,
    Expired,
}
