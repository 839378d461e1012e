namespace TeleSante.Clinical.Screening;

/// <summary>The grades of one eye derived from its <see cref="EyeFeatures"/>, with the features that decided them so
/// the grading page and the report can say why.</summary>
public sealed record EyeGrade(
    RetinopathyGrade Retinopathy,
    MaculopathyGrade Maculopathy,
    bool Photocoagulation,
    IcdrSeverity Icdr,
    MacularOedema Oedema,
    ScreeningOutcome Outcome,
    IReadOnlyList<string> Evidence)
{
    /// <summary>"R1M0", "R3AM1", "UU": the programme's short form (P appended when laser scars are seen).</summary>
    public string Code => $"{Retinopathy}{(Maculopathy == MaculopathyGrade.U ? "U" : Maculopathy.ToString())}{(Photocoagulation ? "P" : string.Empty)}";

    /// <summary>No retinopathy and no maculopathy: what counts toward the extended rescreen interval.</summary>
    public bool NoRetinopathy => Retinopathy == RetinopathyGrade.R0 && Maculopathy == MaculopathyGrade.M0;
}
