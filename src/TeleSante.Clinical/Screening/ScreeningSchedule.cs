namespace TeleSante.Clinical.Screening;

/// <summary>Recall dates and deadlines from a visit's final grade.</summary>
public static class ScreeningSchedule
{
    /// <param name="screenedOn">The day the photographs were taken: the rescreen interval runs from it.</param>
    /// <param name="gradedAt">When the final grade was given: deadlines run from it (the patient cannot be referred
    /// before anyone has looked).</param>
    /// <param name="final">The visit's final grade.</param>
    /// <param name="earlierResults">The patient's earlier final grades, oldest first.</param>
    public static Recall Next(DateOnly screenedOn, DateTimeOffset gradedAt, VisitGrade final, IReadOnlyList<VisitGrade> earlierResults, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(earlierResults);
        return Next(screenedOn, gradedAt, final, CountTrailingNoRetinopathy(earlierResults), options);
    }

    /// <param name="earlierConsecutiveNoRetinopathy">How many results just before this one showed no retinopathy
    /// (what an enrolment keeps when the earlier results themselves were graded elsewhere).</param>
    public static Recall Next(DateOnly screenedOn, DateTimeOffset gradedAt, VisitGrade final, int earlierConsecutiveNoRetinopathy, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(earlierConsecutiveNoRetinopathy);
        if (final.Outcome != ScreeningOutcome.Rescreen)
        {
            var deadline = gradedAt + options.Deadline(final.Outcome);
            var rule = final.Outcome switch
            {
                ScreeningOutcome.UrgentReferral => $"urgent referral: seen within {options.UrgentReferralDeadline.TotalDays:0} days",
                ScreeningOutcome.RoutineReferral => $"routine referral: seen within {options.RoutineReferralDeadline.TotalDays:0} days",
                _ => $"technical failure: re-imaged within {options.ReimageDeadline.TotalDays:0} days",
            };
            return new Recall(final.Outcome, null, deadline, rule);
        }

        var consecutive = ConsecutiveNoRetinopathy(final, earlierConsecutiveNoRetinopathy);
        if (consecutive >= options.NoRetinopathyResultsForExtendedInterval)
        {
            return new Recall(final.Outcome, screenedOn.AddMonths(options.ExtendedRescreenIntervalMonths), null,
                $"{options.ExtendedRescreenIntervalMonths} months: {consecutive} consecutive results with no retinopathy");
        }

        return new Recall(final.Outcome, screenedOn.AddMonths(options.RescreenIntervalMonths), null,
            final.NoRetinopathy
                ? $"{options.RescreenIntervalMonths} months: no retinopathy, fewer than {options.NoRetinopathyResultsForExtendedInterval} consecutive results without"
                : $"{options.RescreenIntervalMonths} months: non-referable retinopathy");
    }

    /// <summary>The run of results with no retinopathy once <paramref name="final"/> is added.</summary>
    public static int ConsecutiveNoRetinopathy(VisitGrade final, int earlierConsecutiveNoRetinopathy) =>
        final.NoRetinopathy ? earlierConsecutiveNoRetinopathy + 1 : 0;

    private static int CountTrailingNoRetinopathy(IReadOnlyList<VisitGrade> results)
    {
        var count = 0;
        for (var i = results.Count - 1; i >= 0 && results[i].NoRetinopathy; i--)
        {
            count++;
        }

        return count;
    }
}
