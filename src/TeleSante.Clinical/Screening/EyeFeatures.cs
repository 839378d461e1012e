namespace TeleSante.Clinical.Screening;

/// <summary>What a grader records for one eye from its two 45° fields (macula- and disc-centred). Grades are derived
/// from these by <see cref="GradingRules"/>, never typed by the grader, so two graders who see the same features
/// always get the same grade.</summary>
public sealed record EyeFeatures
{
    /// <summary>The eye could not be graded from the photographs (media opacity, small pupil, poor capture). Referable
    /// features still seen in an ungradable eye are graded (they only make the outcome more urgent).</summary>
    public bool Ungradable { get; init; }

    public bool Microaneurysms { get; init; }

    public HaemorrhageExtent Haemorrhages { get; init; }

    /// <summary>Hard exudates anywhere in the fields.</summary>
    public bool Exudates { get; init; }

    public bool CottonWoolSpots { get; init; }

    /// <summary>Venous beading or venous reduplication (DESP R2).</summary>
    public bool VenousBeadingOrReduplication { get; init; }

    /// <summary>Quadrants with definite venous beading, 0–4, for the ICDR 4-2-1 rule (severe NPDR at 2 or more);
    /// 0 when not counted.</summary>
    public int VenousBeadingQuadrants { get; init; }

    /// <summary>More than 20 intraretinal haemorrhages in each of the four quadrants (ICDR 4-2-1 rule).</summary>
    public bool HaemorrhagesInAllFourQuadrants { get; init; }

    /// <summary>Intraretinal microvascular abnormalities.</summary>
    public bool Irma { get; init; }

    public bool NewVesselsOnDisc { get; init; }

    public bool NewVesselsElsewhere { get; init; }

    public bool PreretinalOrVitreousHaemorrhage { get; init; }

    /// <summary>Pre-retinal fibrosis with or without tractional retinal detachment.</summary>
    public bool TractionalDetachment { get; init; }

    /// <summary>Exudate within one disc diameter of the centre of the fovea (DESP M1).</summary>
    public bool ExudateWithinOneDiscDiameterOfFovea { get; init; }

    /// <summary>A group (or circinate ring) of exudates within the macula (DESP M1).</summary>
    public bool GroupOfExudatesInMacula { get; init; }

    /// <summary>Blot haemorrhages within the macula (M1 in this programme's protocol).</summary>
    public bool BlotHaemorrhagesInMacula { get; init; }

    public LaserScars LaserScars { get; init; }

    /// <summary>Contradictions in the form (a macular exudate without exudates, beading quadrants without
    /// beading...): a grade is derived only from a consistent form. Empty when the form is consistent.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (VenousBeadingQuadrants is < 0 or > 4)
        {
            problems.Add($"venous beading quadrants must be 0 to 4 (was {VenousBeadingQuadrants})");
        }
        else if (VenousBeadingQuadrants > 0 && !VenousBeadingOrReduplication)
        {
            problems.Add("venous beading quadrants are counted but venous beading is not recorded");
        }

        if ((ExudateWithinOneDiscDiameterOfFovea || GroupOfExudatesInMacula) && !Exudates)
        {
            problems.Add("a macular exudate is recorded but exudates are not");
        }

        if ((BlotHaemorrhagesInMacula || HaemorrhagesInAllFourQuadrants) && Haemorrhages == HaemorrhageExtent.None)
        {
            problems.Add("haemorrhages are located but haemorrhages are not recorded");
        }

        if (!Enum.IsDefined(Haemorrhages) || !Enum.IsDefined(LaserScars))
        {
            problems.Add("unknown haemorrhage extent or laser scar value");
        }

        return problems;
    }
}
