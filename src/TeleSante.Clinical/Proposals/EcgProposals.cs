namespace TeleSante.Clinical.Proposals;

/// <summary>
/// What the service proposes for an ECG tele-expertise request, computed once when the request is submitted from the
/// consultation's stored ECG and kept with the request (issue 12). <see cref="WindowFrom"/>..<see cref="WindowTo"/> is
/// the 10 s the measurements come from, chosen as <see cref="WindowChoice"/> says; triage findings may lie anywhere in
/// the analysed range.
/// </summary>
public sealed record EcgProposals(
    string RequestId,
    ProposalStatus Status,
    string? NotComputedReason,
    DateTimeOffset ComputedAt,
    string? DeviceId,
    DateTimeOffset? AnalysedFrom,
    DateTimeOffset? AnalysedTo,
    DateTimeOffset? WindowFrom,
    DateTimeOffset? WindowTo,
    string? WindowChoice,
    IReadOnlyList<ProposedValue> Values,
    IReadOnlyList<ProposedStatement> Statements,
    IReadOnlyList<TriageFinding> Triage)
{
    public static EcgProposals NotComputed(string requestId, string reason, DateTimeOffset at, string? deviceId = null) =>
        new(requestId, ProposalStatus.NotComputed, reason, at, deviceId, null, null, null, null, null, [], [], []);

    public ProposedValue? Value(string key) => Values.FirstOrDefault(v => v.Key == key);
}
