namespace TeleSante.Clinical.Requests;

/// <summary>The steps of the workflow, as the audit trail records them.</summary>
public enum RequestAction
{
    Create = 1,
    Submit,
    Accept,
    Decline,
    Resubmit,
    Answer,
    Amend,
    Cancel,
    Expire,
}
