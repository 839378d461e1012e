namespace TeleSante.Imaging;

/// <summary>Where the photograph is centred. Diabetic-retinopathy screening protocols take one
/// macula-centred field per eye, often with a disc-centred one.</summary>
public enum RetinalField
{
    MaculaCentred,
    DiscCentred,
    Other,
}
