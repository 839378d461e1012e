namespace TeleSante.Clinical.Requests;

/// <summary>What the specialist is asked to do; each kind has its structured report.</summary>
public enum RequestKind
{
    /// <summary>Interpret an ECG recording (report: <see cref="Reports.EcgFindings"/>).</summary>
    EcgInterpretation = 1,

    /// <summary>Grade fundus photographs (its report comes with its own issue).</summary>
    FundusGrading,
}
