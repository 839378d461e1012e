using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Turnaround;

namespace TeleSante.Gateway.Clinical;

/// <summary>The JSON shapes of the clinical API, shared by the HTTP endpoints and <see cref="ClinicalHub"/> so a page gets the
/// same object whether it asked or was told (README, "Clinical HTTP API" and "Live worklist"). Enums travel as their names.</summary>
internal static class ClinicalViews
{
    /// <summary>A request as listed (worklist item, site list, <c>WorklistChanged</c>); <c>overdue</c> at <paramref name="now"/>
    /// (false when null).</summary>
    public static object Request(TeleExpertiseRequest r, DateTimeOffset? now) => new
    {
        r.Id, r.ConsultationId, r.PatientId, r.SiteId, Kind = r.Kind.ToString(), r.Specialty, r.Question, r.ClinicalContext, r.Attachments,
        Priority = r.Priority.ToString(), State = r.State.ToString(), r.RequestedBy, r.CreatedAt, r.SubmittedAt, r.DueAt, r.AcceptedBy, r.AcceptedAt,
        r.AnsweredAt, r.DeclineReason, Overdue = now is { } at && r.IsOverdue(at), r.Triage,
    };

    /// <summary>GET /api/clinical/requests/{id}, <c>SubscribeRequest</c> and <c>RequestChanged</c>: the request and every signed version.</summary>
    public static object RequestWithReports(TeleExpertiseRequest request, IEnumerable<Report> reports, DateTimeOffset now) =>
        new { Request = Request(request, now), Reports = reports.Select(Report) };

    public static object Report(Report report) => new
    {
        report.RequestId, report.Version, report.Findings, FollowUp = report.Findings.FollowUp.ToString(), report.SignedBy, report.SignerName,
        SignerRpps = report.SignerRpps.Value, report.SignedAt, report.CorrectionReason, Review = EcgProposalsViews.Review(report.Review),
    };

    /// <summary>A consultation with its station's devices; its live and recorded session id is the consultation id.</summary>
    public static object Consultation(Consultation c, Station? station) => new
    {
        c.Id, SessionId = c.Id, c.SiteId, c.StationId, c.PatientId, c.ConsentId, c.OpenedBy, c.OpenedAt, c.ClosedBy, c.ClosedAt, Open = c.IsOpen,
        Station = station is null ? null : Station(station, null),
    };

    public static object Station(Station s, string? openConsultationId) => new
    {
        s.Id, s.SiteId, s.Name, Kind = s.Kind.ToString(), s.DeviceIds, OpenConsultationId = openConsultationId,
    };

    /// <summary>The identity traits and status, never the INS itself (only whether there is one).</summary>
    public static object Patient(Patient p) => new
    {
        p.Id, Status = p.Status.ToString(), p.BirthFamilyName, p.BirthGivenNames, p.FirstGivenName, p.BirthDate, Sex = p.Sex.ToString(), p.BirthPlaceCode,
        p.IdentityDocumentChecked, HasIns = p.Ins is not null,
    };

    public static object Turnaround(RequestTurnaround t) => new
    {
        t.RequestId, t.Specialty, Priority = t.Priority.ToString(), t.SubmittedAt, t.AcceptedAt, t.AnsweredAt, t.DueAt, t.Overdue,
        ToAcceptSeconds = t.ToAccept?.TotalSeconds, ToAnswerSeconds = t.ToAnswer?.TotalSeconds,
    };

    public static object Figures(TurnaroundFigures f) => new
    {
        f.Specialty, Priority = f.Priority.ToString(), f.Submitted, f.Answered, MedianToAnswerSeconds = f.MedianToAnswer?.TotalSeconds,
        P90ToAnswerSeconds = f.P90ToAnswer?.TotalSeconds, f.Overdue, f.AnsweredLate,
    };
}
