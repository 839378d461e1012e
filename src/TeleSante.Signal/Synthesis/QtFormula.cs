namespace TeleSante.Signal.Synthesis;

/// <summary>How the generator derives QT from the RR interval when no QT is given.</summary>
public enum QtFormula
{
    /// <summary>QT = QTc × sqrt(RR) (Bazett 1920; RR in seconds).</summary>
    Bazett,

    /// <summary>QT = QTc × cbrt(RR) (Fridericia 1920).</summary>
    Fridericia,
}
