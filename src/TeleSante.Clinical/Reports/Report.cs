using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Proposals;

namespace TeleSante.Clinical.Reports;

/// <summary>
/// One signed version of a request's report: immutable (no setter, and the store never updates a version).
/// Version 1 answers the request; each correction is version n+1 with its <see cref="CorrectionReason"/>,
/// the earlier versions kept. The signature is the accepting specialist's identity, RPPS and time. <see cref="Review"/>:
/// how this version relates to the machine proposals (issue 12), null when none were computed.
/// </summary>
public sealed record Report(
    string RequestId,
    int Version,
    EcgFindings Findings,
    string SignedBy,
    string SignerName,
    Rpps SignerRpps,
    DateTimeOffset SignedAt,
    string? CorrectionReason,
    ReportReview? Review = null);
