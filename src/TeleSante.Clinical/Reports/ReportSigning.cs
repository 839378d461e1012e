using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Reports;

/// <summary>A signed report and the request step it makes (answered or amended); stored together.</summary>
public sealed record ReportSigning(RequestChange Change, Report Report);
