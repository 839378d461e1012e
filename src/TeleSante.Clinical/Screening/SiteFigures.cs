namespace TeleSante.Clinical.Screening;

/// <summary>A campaign's figures for one site (or all, <see cref="SiteId"/> "*"). Rates are null when their
/// denominator is zero: a site with nothing graded has no gradable rate, not 0 %.</summary>
/// <param name="Invited">Patients enrolled at the site.</param>
/// <param name="Screened">Visits registered.</param>
/// <param name="Graded">Visits with a final grade.</param>
/// <param name="GradableRate">Final grades with both eyes gradable, over graded visits.</param>
/// <param name="ReferableRate">Routine or urgent referrals over graded visits.</param>
/// <param name="PendingGrading">Visits without a final grade.</param>
/// <param name="MedianTurnaroundHours">Median time from registration to final grade.</param>
/// <param name="OverdueReferrals">Referrals and re-imagings past their deadline and not seen.</param>
public sealed record SiteFigures(
    string SiteId,
    int Invited,
    int Screened,
    int Graded,
    double? GradableRate,
    double? ReferableRate,
    int PendingGrading,
    double? MedianTurnaroundHours,
    int OverdueReferrals);
