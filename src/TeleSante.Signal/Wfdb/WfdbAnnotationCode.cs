namespace TeleSante.Signal.Wfdb;

/// <summary>
/// Annotation type codes of the WFDB standard library (annotation(5), <c>ecgcodes.h</c>), and the
/// pseudo-codes of the MIT annotation format that modify the annotation stream rather than mark a
/// sample. Mnemonics in comments are what PhysioNet's tools print.
/// </summary>
public static class WfdbAnnotationCode
{
    public const int NotQrs = 0;
    public const int Normal = 1;           // N
    public const int LeftBundleBranchBlock = 2;  // L
    public const int RightBundleBranchBlock = 3; // R
    public const int AberratedAtrialPremature = 4; // a
    public const int PrematureVentricular = 5;   // V
    public const int Fusion = 6;           // F
    public const int NodalPremature = 7;   // J
    public const int AtrialPremature = 8;  // A
    public const int SupraventricularPremature = 9; // S
    public const int VentricularEscape = 10; // E
    public const int NodalEscape = 11;     // j
    public const int Paced = 12;           // /
    public const int Unclassifiable = 13;  // Q
    public const int Noise = 14;           // ~
    public const int Artifact = 16;        // |
    public const int Note = 22;            // "
    public const int BundleBranchBlock = 25; // B
    public const int RhythmChange = 28;    // +
    public const int Learning = 30;        // ?
    public const int AtrialEscape = 34;    // e
    public const int SupraventricularEscape = 35; // n
    public const int PacedFusion = 38;     // f
    public const int ROnT = 41;            // r

    /// <summary>Largest code that marks an annotation; codes above are MIT-format pseudo-codes.</summary>
    public const int MaxAnnotationCode = 49;

    /// <summary>Next four bytes are a time interval (PDP-11 long) added before the next annotation.</summary>
    public const int Skip = 59;

    /// <summary>Sets the num field of the preceding annotation and the ones after it.</summary>
    public const int Num = 60;

    /// <summary>Sets the subtype of the preceding annotation.</summary>
    public const int Sub = 61;

    /// <summary>Sets the channel of the preceding annotation and the ones after it.</summary>
    public const int Chn = 62;

    /// <summary>An auxiliary string for the preceding annotation follows, padded to an even length.</summary>
    public const int Aux = 63;
}
