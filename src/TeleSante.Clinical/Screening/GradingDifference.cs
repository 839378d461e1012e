namespace TeleSante.Clinical.Screening;

/// <summary>One place two gradings of a visit disagree, e.g. right eye retinopathy R1 vs R2.</summary>
public sealed record GradingDifference(string Eye, string Grade, string First, string Second)
{
    public override string ToString() => $"{Eye} eye {Grade}: {First} vs {Second}";
}
