namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>Which eye is photographed (DICOM Image Laterality R/L; ophthalmology's OD/OS).</summary>
public enum Laterality
{
    /// <summary>Oculus dexter, the right eye: the optic disc appears to the right of the macula.</summary>
    OD,

    /// <summary>Oculus sinister, the left eye: the mirror image, disc to the left.</summary>
    OS,
}
