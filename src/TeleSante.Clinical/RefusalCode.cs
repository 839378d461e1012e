namespace TeleSante.Clinical;

/// <summary>The reasons a clinical operation is refused. Stable: the API and the audit trail carry them.</summary>
public enum RefusalCode
{
    /// <summary>Malformed input: a bad INS key, a bad RPPS, an empty question, a time range backwards.</summary>
    InvalidInput = 1,

    /// <summary>The actor lacks the role the step needs (a requester accepting, a specialist opening a consultation).</summary>
    WrongRole,

    /// <summary>The specialist's specialty is not the one the request asks for.</summary>
    OtherSpecialty,

    /// <summary>The step is not allowed from the request's current state.</summary>
    WrongState,

    /// <summary>Another specialist accepted the request first.</summary>
    AlreadyAccepted,

    /// <summary>Only the specialist who accepted the request may decline it now or sign its report.</summary>
    NotTheAcceptingSpecialist,

    /// <summary>Only the requester may submit, edit or cancel their request.</summary>
    NotTheRequester,

    /// <summary>A signed report cannot be edited: a correction is a new version with its reason.</summary>
    ReportAlreadySigned,

    /// <summary>The consultation is closed (or was never opened).</summary>
    ConsultationClosed,

    /// <summary>The station already has an open consultation.</summary>
    StationBusy,

    /// <summary>The patient withdrew their consent: nothing more is shared.</summary>
    ConsentWithdrawn,

    /// <summary>The consent does not cover this (another specialty, another patient, sharing with the GP).</summary>
    NotConsented,

    /// <summary>The site operator does not work at the station's site.</summary>
    OtherSite,

    /// <summary>The request is not yet past its due time (expiry).</summary>
    NotDue,

    /// <summary>A referenced record does not exist.</summary>
    NotFound,

    /// <summary>The record already exists (same id).</summary>
    Duplicate,

    /// <summary>A grader cannot give the second grading of, or arbitrate, a visit they already graded.</summary>
    OwnGrading,

    /// <summary>A final screening grade cannot be edited.</summary>
    GradeFinal,
}
