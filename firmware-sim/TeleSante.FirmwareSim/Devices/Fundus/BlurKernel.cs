namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>Shape of the blur a defocused or hazy capture gets.</summary>
public enum BlurKernel
{
    /// <summary>Gaussian with the blur radius as its standard deviation: optical defocus, media haze.</summary>
    Gaussian,

    /// <summary>Uniform box with the blur radius as its half-width: cheap, harsher edges.</summary>
    Box,
}
