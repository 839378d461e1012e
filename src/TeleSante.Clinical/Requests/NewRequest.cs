namespace TeleSante.Clinical.Requests;

/// <summary>What the requester fills in to create a request.</summary>
public sealed record NewRequest(
    string Id,
    RequestKind Kind,
    string Specialty,
    string Question,
    string ClinicalContext,
    AttachedData Attachments,
    Priority Priority);
