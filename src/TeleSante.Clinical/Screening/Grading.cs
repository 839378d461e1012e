namespace TeleSante.Clinical.Screening;

/// <summary>One grader's grading of a visit: the features they recorded per eye and the grade derived from them.</summary>
public sealed record Grading(string GraderId, EyeFeatures Right, EyeFeatures Left, VisitGrade Grade, DateTimeOffset At);
