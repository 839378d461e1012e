namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>Mnemonics and beat flags of the standard annotation codes (annotation(5), ecgcodes.h).</summary>
internal static class AnnotationTable
{
    // Index = code. Codes 15, 17 and 42..49 are unassigned (left to local use).
    private static readonly string?[] Mnemonics =
    [
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", // 0..9
        "E", "j", "/", "Q", "~", null, "|", null, "s", "T", // 10..19
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", // 20..29
        "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", // 30..39
        ")", "r", // 40..41
    ];

    private static readonly bool[] Beats = BuildBeats();

    public static string Mnemonic(int code) =>
        code >= 0 && code < Mnemonics.Length && Mnemonics[code] is { } mnemonic ? mnemonic : $"[{code}]";

    public static bool IsBeat(int code) => code >= 0 && code < Beats.Length && Beats[code];

    private static bool[] BuildBeats()
    {
        var beats = new bool[Mnemonics.Length];
        int[] codes =
        [
            WfdbAnnotationCode.Normal, WfdbAnnotationCode.LeftBundleBranchBlock, WfdbAnnotationCode.RightBundleBranchBlock,
            WfdbAnnotationCode.BundleBranchBlock, WfdbAnnotationCode.AtrialPremature, WfdbAnnotationCode.AberratedAtrialPremature,
            WfdbAnnotationCode.NodalPremature, WfdbAnnotationCode.SupraventricularPremature, WfdbAnnotationCode.PrematureVentricular,
            WfdbAnnotationCode.ROnT, WfdbAnnotationCode.Fusion, WfdbAnnotationCode.AtrialEscape, WfdbAnnotationCode.NodalEscape,
            WfdbAnnotationCode.SupraventricularEscape, WfdbAnnotationCode.VentricularEscape, WfdbAnnotationCode.Paced,
            WfdbAnnotationCode.PacedFusion, WfdbAnnotationCode.Unclassifiable, WfdbAnnotationCode.Learning,
        ];
        foreach (var code in codes)
        {
            beats[code] = true;
        }

        return beats;
    }
}
