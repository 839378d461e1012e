namespace TeleSante.Clinical.Patients;

/// <summary>Sex as the INS traits carry it (M, F, I for indeterminate).</summary>
public enum Sex
{
    Female = 1,
    Male,
    Indeterminate,
}
