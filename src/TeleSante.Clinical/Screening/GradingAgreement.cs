namespace TeleSante.Clinical.Screening;

/// <summary>Whether a second grading agrees with the first. Any difference in an eye's R or M grade goes to
/// arbitration (the programme's rule); a different ICDR level with the same R/M grades does not, because the outcome
/// follows the R/M grades.</summary>
public static class GradingAgreement
{
    public static IReadOnlyList<GradingDifference> Differences(VisitGrade first, VisitGrade second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var differences = new List<GradingDifference>();
        Compare("right", first.Right, second.Right, differences);
        Compare("left", first.Left, second.Left, differences);
        return differences;
    }

    private static void Compare(string eye, EyeGrade a, EyeGrade b, List<GradingDifference> differences)
    {
        if (a.Retinopathy != b.Retinopathy)
        {
            differences.Add(new GradingDifference(eye, "retinopathy", a.Retinopathy.ToString(), b.Retinopathy.ToString()));
        }

        if (a.Maculopathy != b.Maculopathy)
        {
            differences.Add(new GradingDifference(eye, "maculopathy", a.Maculopathy.ToString(), b.Maculopathy.ToString()));
        }
    }
}
