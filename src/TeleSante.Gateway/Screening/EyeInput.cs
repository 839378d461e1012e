using TeleSante.Clinical.Screening;
using TeleSante.Gateway.Clinical;

namespace TeleSante.Gateway.Screening;

/// <summary>One eye of the grading form as the page sends it; enums by name ("None", "Present", "MultipleBlot";
/// "None", "Peripheral", "MacularOnly").</summary>
public sealed record EyeInput(
    bool Ungradable,
    bool Microaneurysms,
    string? Haemorrhages,
    bool Exudates,
    bool CottonWoolSpots,
    bool VenousBeadingOrReduplication,
    int VenousBeadingQuadrants,
    bool HaemorrhagesInAllFourQuadrants,
    bool Irma,
    bool NewVesselsOnDisc,
    bool NewVesselsElsewhere,
    bool PreretinalOrVitreousHaemorrhage,
    bool TractionalDetachment,
    bool ExudateWithinOneDiscDiameterOfFovea,
    bool GroupOfExudatesInMacula,
    bool BlotHaemorrhagesInMacula,
    string? LaserScars)
{
    /// <summary>The form's features, or null when an enum value is unknown (the caller refuses it).</summary>
    public EyeFeatures? ToFeatures()
    {
        var haemorrhages = HaemorrhageExtent.None;
        var laser = TeleSante.Clinical.Screening.LaserScars.None;
        if ((Haemorrhages is not null && !ClinicalEndpoints.TryEnum(Haemorrhages, out haemorrhages))
            || (LaserScars is not null && !ClinicalEndpoints.TryEnum(LaserScars, out laser)))
        {
            return null;
        }

        return new EyeFeatures
        {
            Ungradable = Ungradable,
            Microaneurysms = Microaneurysms,
            Haemorrhages = haemorrhages,
            Exudates = Exudates,
            CottonWoolSpots = CottonWoolSpots,
            VenousBeadingOrReduplication = VenousBeadingOrReduplication,
            VenousBeadingQuadrants = VenousBeadingQuadrants,
            HaemorrhagesInAllFourQuadrants = HaemorrhagesInAllFourQuadrants,
            Irma = Irma,
            NewVesselsOnDisc = NewVesselsOnDisc,
            NewVesselsElsewhere = NewVesselsElsewhere,
            PreretinalOrVitreousHaemorrhage = PreretinalOrVitreousHaemorrhage,
            TractionalDetachment = TractionalDetachment,
            ExudateWithinOneDiscDiameterOfFovea = ExudateWithinOneDiscDiameterOfFovea,
            GroupOfExudatesInMacula = GroupOfExudatesInMacula,
            BlotHaemorrhagesInMacula = BlotHaemorrhagesInMacula,
            LaserScars = laser,
        };
    }
}
