namespace TeleSante.Clinical.Screening;

/// <summary>The eye a protocol photograph is of, named as the cameras send it (DICOM laterality: OD right, OS left).</summary>
public enum FundusEye
{
    OD = 0,
    OS,
}
