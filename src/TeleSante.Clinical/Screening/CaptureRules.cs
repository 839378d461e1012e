namespace TeleSante.Clinical.Screening;

/// <summary>
/// The capture protocol of a screening visit (issue 13): two fields per eye; the current capture of a field is the
/// latest one; a visit goes to grading complete only when every field's current capture is gradable, otherwise only
/// with the operator's reason.
/// </summary>
public static class CaptureRules
{
    /// <summary>The most an operator's reason for an incomplete visit may hold.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>The four protocol fields in the order the page shows them: right then left, macula then disc.</summary>
    public static IReadOnlyList<(FundusEye Eye, FundusField Field)> Protocol { get; } =
        [(FundusEye.OD, FundusField.MaculaCentred), (FundusEye.OD, FundusField.DiscCentred), (FundusEye.OS, FundusField.MaculaCentred), (FundusEye.OS, FundusField.DiscCentred)];

    /// <summary>Each protocol field's status from every capture the visit recorded (superseded ones included).</summary>
    public static IReadOnlyList<FieldStatus> Fields(IEnumerable<FundusCapture> captures)
    {
        ArgumentNullException.ThrowIfNull(captures);
        var all = captures.ToList();
        return [.. Protocol.Select(p =>
        {
            var of = all.Where(c => c.Eye == p.Eye && c.Field == p.Field).ToList();
            var current = of.SingleOrDefault(c => c.IsCurrent);
            var earlier = of.Where(c => !c.IsCurrent).OrderBy(c => c.RecordedAt).ThenBy(c => c.ImageId).ToList();
            var state = current?.Verdict switch
            {
                null => FieldState.Missing,
                CaptureVerdict.Gradable => FieldState.Gradable,
                CaptureVerdict.Ungradable => FieldState.Ungradable,
                _ => FieldState.NotAssessed,
            };
            return new FieldStatus(p.Eye, p.Field, state, current, earlier);
        })];
    }

    /// <summary>Decides the grading request: complete when every field is gradable; otherwise refused (the fields
    /// named) unless the operator gave a reason, which the request then carries.</summary>
    public static Outcome<GradingRequest> Send(IReadOnlyList<FieldStatus> fields, string? incompleteReason, string operatorId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var incomplete = fields.Where(f => f.State != FieldState.Gradable).Select(f => $"{f.Name}: {Describe(f)}").ToList();
        var reason = string.IsNullOrWhiteSpace(incompleteReason) ? null : incompleteReason.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            return new Refusal(RefusalCode.InvalidInput, $"The reason for an incomplete visit holds at most {MaxReasonLength} characters.");
        }

        if (incomplete.Count > 0 && reason is null)
        {
            return new Refusal(RefusalCode.WrongState,
                "The visit is not complete; retake, or record why it goes to grading as it is. " + string.Join("; ", incomplete));
        }

        return new GradingRequest(at, operatorId, incomplete, incomplete.Count == 0 ? null : reason);
    }

    private static string Describe(FieldStatus f) => f.State switch
    {
        FieldState.Missing => "missing",
        FieldState.Ungradable => "ungradable (" + string.Join(", ", f.Current!.Reasons) + ")",
        _ => "not assessed by the quality gate",
    };
}
