namespace TeleSante.FirmwareSim.Scenario;

/// <summary>The tele-expertise request a session files, with the ECG it recorded attached.</summary>
public sealed record RequestDefinition
{
    /// <summary>EcgInterpretation (the only kind with a report so far).</summary>
    public string Kind { get; set; } = "EcgInterpretation";

    public string Specialty { get; set; } = "cardiology";

    /// <summary>Urgent, SemiUrgent or Routine.</summary>
    public string Priority { get; set; } = "Routine";

    public string Question { get; set; } = "";

    public string ClinicalContext { get; set; } = "";

    /// <summary>File the request once this many seconds of the session's ECG are acknowledged; absent: when the
    /// session's ECG recording ends.</summary>
    public double? AfterEcgSeconds { get; set; }
}
