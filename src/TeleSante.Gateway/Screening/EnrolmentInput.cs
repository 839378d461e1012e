namespace TeleSante.Gateway.Screening;

/// <summary>A patient enrolled with their history: last screening date, consecutive results without retinopathy,
/// whether an eye clinic follows them.</summary>
public sealed record EnrolmentInput(string PatientId, string SiteId, DateOnly? LastScreenedOn, int ConsecutiveNoRetinopathy, bool UnderEyeClinic);
