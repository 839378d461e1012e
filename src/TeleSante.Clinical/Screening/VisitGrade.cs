namespace TeleSante.Clinical.Screening;

/// <summary>Both eyes' grades and the visit's outcome, the most urgent of the two eyes'.</summary>
public sealed record VisitGrade(EyeGrade Right, EyeGrade Left, ScreeningOutcome Outcome)
{
    public bool Referable => Outcome is ScreeningOutcome.RoutineReferral or ScreeningOutcome.UrgentReferral;

    public bool NoRetinopathy => Right.NoRetinopathy && Left.NoRetinopathy;
}
