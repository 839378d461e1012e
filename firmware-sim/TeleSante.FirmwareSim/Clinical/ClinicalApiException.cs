namespace TeleSante.FirmwareSim.Clinical;

/// <summary>A refusal from the gateway's clinical API: the step, the HTTP status and the problem document's
/// <c>code</c> (the gateway's RefusalCode name, e.g. StationBusy) and detail.</summary>
public sealed class ClinicalApiException(string step, int status, string? code, string detail)
    : Exception($"{step}: {status}{(code is null ? string.Empty : " " + code)}: {detail}")
{
    public string Step { get; } = step;

    public int Status { get; } = status;

    /// <summary>The problem's <c>code</c>, null when the answer was not a clinical problem document (e.g. 401).</summary>
    public string? Code { get; } = code;

    public string Detail { get; } = detail;
}
