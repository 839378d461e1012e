namespace TeleSante.Analysis.Measurements;

/// <summary>Heart-rate corrections of QT. Both are printed, labelled, because they disagree most at the rates where it
/// matters (Bazett over-corrects above about 90 bpm; IEC 60601-2-25 asks for the formula to be stated).</summary>
public static class QtCorrection
{
    /// <summary>Bazett (1920): QTc = QT / sqrt(RR), RR in seconds.</summary>
    public static double Bazett(double qtMs, double rrSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rrSeconds, 0);
        return qtMs / Math.Sqrt(rrSeconds);
    }

    /// <summary>Fridericia (1920): QTc = QT / cbrt(RR), RR in seconds.</summary>
    public static double Fridericia(double qtMs, double rrSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rrSeconds, 0);
        return qtMs / Math.Cbrt(rrSeconds);
    }
}
