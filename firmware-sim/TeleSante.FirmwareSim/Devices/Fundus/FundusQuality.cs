namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// Simple image-quality measures of a fundus photograph, each tied to one reason a grader rejects
/// an image. Not a validated quality algorithm: enough to check that a quality gate reacts to each
/// defect the simulator injects.
/// </summary>
/// <param name="MeanLuminance">Mean luma Y' over the whole image, 0..255: exposure.</param>
/// <param name="LaplacianVariance">Variance of the 4-neighbour Laplacian of the luma: sharpness
/// (Pech-Pacheco et al., ICPR 2000); defocus removes the high frequencies and lowers it.</param>
/// <param name="CentreOffsetX">Centroid of the illuminated field minus the image centre, as a fraction of the width: alignment.</param>
/// <param name="CentreOffsetY">The same vertically, as a fraction of the height.</param>
/// <param name="TopDarkRowFraction">Share of the image height, from the top, of rows much darker than the
/// brightest row: an eyelid or lash shadow (a well-aligned field has only the thin black margin above its disc).</param>
public sealed record FundusQuality(double MeanLuminance, double LaplacianVariance, double CentreOffsetX, double CentreOffsetY, double TopDarkRowFraction)
{
    /// <summary>Distance of the field's centroid from the image centre, in fractions of the image size.</summary>
    public double CentreOffset => Math.Sqrt((CentreOffsetX * CentreOffsetX) + (CentreOffsetY * CentreOffsetY));
}
