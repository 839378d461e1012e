namespace TeleSante.Clinical.Sites;

/// <summary>Where patients are seen.</summary>
public enum SiteKind
{
    Pharmacy = 1,

    /// <summary>A nurse-led point (cabinet infirmier, point de soins).</summary>
    NurseLedPoint,

    /// <summary>Maison de santé pluriprofessionnelle.</summary>
    Msp,
}
