namespace TeleSante.FirmwareSim.Scenario;

/// <summary>The synthetic patient of a session (<see cref="Clinical.SyntheticPatient"/>): the same seed gives the same
/// fictitious identity and test INS.</summary>
public sealed record PatientDefinition
{
    public int Seed { get; set; } = 1;

    /// <summary>Patient id in the clinical store. Default "sim-patient-{seed}".</summary>
    public string? Id { get; set; }

    /// <summary>The operator checked an identity document (with the INS, the identity is then qualified).</summary>
    public bool IdentityDocumentChecked { get; set; } = true;
}
