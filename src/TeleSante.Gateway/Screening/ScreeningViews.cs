using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;

namespace TeleSante.Gateway.Screening;

/// <summary>The JSON shapes of the screening API: enums by name, grades with the features that decided them.</summary>
internal static class ScreeningViews
{
    public static object Visit(ScreeningVisit v) => new
    {
        id = v.Grading.VisitId,
        v.CampaignId,
        v.SiteId,
        v.PatientId,
        screenedOn = v.ScreenedOn,
        stage = v.Grading.Stage.ToString(),
        first = Grading(v.Grading.First),
        second = Grading(v.Grading.Second),
        arbitration = Grading(v.Grading.Arbitration),
        differences = v.Grading.Differences.Select(d => d.ToString()),
        final = Grading(v.Grading.Final),
        sent = Sent(v.Sent),
    };

    public static object? Sent(GradingRequest? r) => r is null ? null : new
    {
        r.SentAt,
        r.SentBy,
        r.Complete,
        r.IncompleteFields,
        r.IncompleteReason,
    };

    /// <summary>The operator's page and the grading page read this: each field's current capture (the one graded), why
    /// it was retaken, and the earlier captures it replaced (kept, for the record).</summary>
    public static object Captures(VisitCaptures c) => new { c.VisitId, c.SiteId, fields = c.Fields.Select(Field), sent = Sent(c.Sent) };

    public static object Field(FieldStatus f) => new
    {
        eye = f.Eye.ToString(),
        field = f.Field.ToString(),
        name = f.Name,
        state = f.State.ToString(),
        retake = f.State is FieldState.Missing or FieldState.Ungradable,
        current = Capture(f.Current),
        retakeAfter = f.RetakeAfter,
        earlier = f.Earlier.Select(Capture),
    };

    public static object? Capture(FundusCapture? c) => c is null ? null : new
    {
        c.ImageId,
        c.DeviceId,
        c.CaptureId,
        c.CapturedAt,
        c.RecordedAt,
        verdict = c.Verdict.ToString(),
        c.Reasons,
        c.SupersededBy,
        c.SupersededAt,
    };

    public static object? Grading(Grading? g) => g is null ? null : new
    {
        g.GraderId,
        g.At,
        outcome = g.Grade.Outcome.ToString(),
        right = Eye(g.Grade.Right),
        left = Eye(g.Grade.Left),
    };

    public static object Eye(EyeGrade e) => new
    {
        e.Code,
        retinopathy = e.Retinopathy.ToString(),
        maculopathy = e.Maculopathy.ToString(),
        e.Photocoagulation,
        icdr = e.Icdr.ToString(),
        oedema = e.Oedema.ToString(),
        outcome = e.Outcome.ToString(),
        e.Evidence,
    };

    public static object Task(GradingTask t) => new { t.VisitId, t.CampaignId, t.SiteId, t.ScreenedOn, stage = t.Stage.ToString(), t.RegisteredAt };

    public static object Referral(ReferralStatus r) => new
    {
        r.VisitId,
        r.SiteId,
        r.PatientId,
        outcome = r.Outcome.ToString(),
        r.Deadline,
        r.SeenOn,
        r.ClinicOutcome,
        r.Overdue,
    };
}
