namespace TeleSante.Clinical.Screening;

/// <summary>
/// One protocol field of a visit: its state, the current capture (null when missing) and the captures it replaced,
/// oldest first. <see cref="RetakeAfter"/> is why the last one was retaken: its gate reasons, or, when a gradable
/// capture was retaken (the operator's choice), that it was gradable.
/// </summary>
public sealed record FieldStatus(FundusEye Eye, FundusField Field, FieldState State, FundusCapture? Current, IReadOnlyList<FundusCapture> Earlier)
{
    public const string RetakenWhileGradable = "retaken by the operator although it was gradable";

    public IReadOnlyList<string> RetakeAfter => Earlier.Count == 0 ? []
        : Earlier[^1] switch
        {
            { Verdict: CaptureVerdict.Ungradable, Reasons: var r } => r,
            { Verdict: CaptureVerdict.NotAssessed } => ["retaken (the earlier capture was not assessed)"],
            _ => [RetakenWhileGradable],
        };

    /// <summary>"right eye, macula-centred": how the page and the refusals name the field.</summary>
    public string Name => $"{(Eye == FundusEye.OD ? "right" : "left")} eye {(Field == FundusField.MaculaCentred ? "macula-centred" : "disc-centred")}";
}
