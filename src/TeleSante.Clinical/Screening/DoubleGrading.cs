namespace TeleSante.Clinical.Screening;

/// <summary>A visit graded by two graders (first and second grading), for agreement statistics.</summary>
public sealed record DoubleGrading(string FirstGrader, VisitGrade First, string SecondGrader, VisitGrade Second);
