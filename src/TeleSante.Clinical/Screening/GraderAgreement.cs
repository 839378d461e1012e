namespace TeleSante.Clinical.Screening;

/// <summary>Agreement per grader: Cohen's kappa between each grader's eye grades ("R1M0"...) and the other grader's
/// on the visits both graded. Eyes, not visits, are the unit: the programme grades eyes, and two eyes double the
/// pairs a small campaign has.</summary>
public static class GraderAgreement
{
    public static IReadOnlyDictionary<string, KappaResult> PerGrader(IEnumerable<DoubleGrading> gradings)
    {
        ArgumentNullException.ThrowIfNull(gradings);
        var pairs = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var g in gradings)
        {
            Add(pairs, g.FirstGrader, g.First, g.Second);
            Add(pairs, g.SecondGrader, g.Second, g.First);
        }

        return pairs.ToDictionary(p => p.Key, p => CohenKappa.Compute(p.Value), StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, List<(string, string)>> pairs, string grader, VisitGrade own, VisitGrade other)
    {
        if (!pairs.TryGetValue(grader, out var list))
        {
            list = [];
            pairs[grader] = list;
        }

        list.Add((EyeCode(own.Right), EyeCode(other.Right)));
        list.Add((EyeCode(own.Left), EyeCode(other.Left)));
    }

    // The P flag is left out: laser scars are a finding, not a grade two graders should be scored on.
    private static string EyeCode(EyeGrade eye) => $"{eye.Retinopathy}{eye.Maculopathy}";
}
