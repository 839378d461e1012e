namespace TeleSante.Signal.Wfdb;

/// <summary>One annotation of a WFDB annotation file (annotation(5)).</summary>
/// <param name="SampleIndex">Frame the annotation marks, from the start of the record.</param>
/// <param name="Seconds">The same instant in seconds (sample index / sampling frequency).</param>
/// <param name="Code">Type code, 0..49 (<see cref="WfdbAnnotationCode"/>).</param>
/// <param name="Mnemonic">What PhysioNet's tools print for the code: "N", "A", "V", "+", "~"...</param>
/// <param name="Subtype">Subtype (the SUB pseudo-code), 0 when absent.</param>
/// <param name="Channel">Signal the annotation refers to (the CHN pseudo-code), 0 by default.</param>
/// <param name="Num">Annotator-defined number (the NUM pseudo-code), 0 by default.</param>
/// <param name="Aux">Auxiliary text, such as "(N" or "(AFIB" for a rhythm change; null when absent.</param>
public readonly record struct WfdbAnnotation(
    long SampleIndex,
    double Seconds,
    int Code,
    string Mnemonic,
    int Subtype,
    int Channel,
    int Num,
    string? Aux)
{
    /// <summary>True for the standard beat codes (annotation(5)); rhythm changes, noise and notes are not beats.</summary>
    public bool IsBeat => WfdbAnnotations.IsBeat(Code);
}
