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
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(earlierResults);
        ArgumentNullException.ThrowIfNull(options);
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

        var consecutive = final.NoRetinopathy ? 1 + CountTrailingNoRetinopathy(earlierResults) : 0;
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
