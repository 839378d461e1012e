namespace TeleSante.Imaging;

/// <summary>Which eye (DICOM Image Laterality R/L; ophthalmology's oculus dexter/sinister).</summary>
public enum EyeLaterality
{
    /// <summary>Right eye.</summary>
    OD,

    /// <summary>Left eye.</summary>
    OS,
}
