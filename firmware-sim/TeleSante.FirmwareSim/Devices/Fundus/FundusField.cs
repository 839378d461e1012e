namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// Where the camera is aimed. Diabetic-retinopathy screening protocols take a macula-centred and a
/// disc-centred 45° field per eye.
/// </summary>
public enum FundusField
{
    /// <summary>The fovea at the image centre, the disc towards the nasal edge.</summary>
    MaculaCentred,

    /// <summary>The optic disc at the image centre, the macula 2.5 disc diameters temporal to it.</summary>
    DiscCentred,
}
