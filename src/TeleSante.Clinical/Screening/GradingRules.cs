namespace TeleSante.Clinical.Screening;

/// <summary>
/// Derives grades from recorded features: the NHS Diabetic Eye Screening Programme (DESP) R/M grades with the P flag,
/// the ICDR severity and macular oedema, and the outcome. The DESP grading definitions (Public Health England,
/// "Diabetic eye screening: feature based grading forms", 2017) decide the R/M grades and the outcome; ICDR is derived
/// beside them for readers outside England. Rules, in the order they are applied:
/// <list type="bullet">
/// <item>R3A: new vessels on the disc or elsewhere, pre-retinal or vitreous haemorrhage, pre-retinal fibrosis or
/// tractional detachment — also in an eye with laser scars (reactivation).</item>
/// <item>R3S: peripheral laser scars with no active proliferative feature.</item>
/// <item>R2: venous beading or reduplication, IRMA, multiple blot haemorrhages.</item>
/// <item>R1: microaneurysms or haemorrhages. Exudates and cotton-wool spots count only beside them (DESP: on their
/// own they are not diabetic retinopathy).</item>
/// <item>M1: exudate within one disc diameter of the fovea, a group of exudates in the macula, blot haemorrhages in
/// the macula.</item>
/// <item>An ungradable eye is U unless a referable feature is seen anyway (R2/R3A features, M1 features): those are
/// graded, because a partly seen referable eye must be referred, not re-imaged.</item>
/// <item>Outcome per eye: R3A urgent referral; R2, R3S or M1 routine referral; U technical failure; otherwise
/// rescreen. The visit takes the more urgent eye.</item>
/// </list>
/// </summary>
public static class GradingRules
{
    public static EyeGrade GradeEye(EyeFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var problems = features.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The grading form is inconsistent: {string.Join("; ", problems)}.", nameof(features));
        }

        var evidence = new List<string>();
        var retinopathy = Retinopathy(features, evidence);
        var maculopathy = Maculopathy(features, evidence);
        var photocoagulation = features.LaserScars != LaserScars.None;
        if (photocoagulation)
        {
            evidence.Add(features.LaserScars == LaserScars.Peripheral ? "peripheral laser scars" : "macular laser scars");
        }

        return new EyeGrade(retinopathy, maculopathy, photocoagulation, Icdr(features), Oedema(features),
            Outcome(retinopathy, maculopathy), evidence);
    }

    public static VisitGrade GradeVisit(EyeFeatures right, EyeFeatures left)
    {
        var r = GradeEye(right);
        var l = GradeEye(left);
        return new VisitGrade(r, l, r.Outcome >= l.Outcome ? r.Outcome : l.Outcome);
    }

    private static bool ActiveProliferative(EyeFeatures f) =>
        f.NewVesselsOnDisc || f.NewVesselsElsewhere || f.PreretinalOrVitreousHaemorrhage || f.TractionalDetachment;

    private static bool PreProliferative(EyeFeatures f) =>
        f.VenousBeadingOrReduplication || f.Irma || f.Haemorrhages == HaemorrhageExtent.MultipleBlot;

    private static bool MaculopathyFeature(EyeFeatures f) =>
        f.ExudateWithinOneDiscDiameterOfFovea || f.GroupOfExudatesInMacula || f.BlotHaemorrhagesInMacula;

    private static RetinopathyGrade Retinopathy(EyeFeatures f, List<string> evidence)
    {
        if (ActiveProliferative(f))
        {
            AddIf(evidence, f.NewVesselsOnDisc, "new vessels on the disc");
            AddIf(evidence, f.NewVesselsElsewhere, "new vessels elsewhere");
            AddIf(evidence, f.PreretinalOrVitreousHaemorrhage, "pre-retinal or vitreous haemorrhage");
            AddIf(evidence, f.TractionalDetachment, "pre-retinal fibrosis or tractional detachment");
            return RetinopathyGrade.R3A;
        }

        if (f.LaserScars == LaserScars.Peripheral && !f.Ungradable)
        {
            return RetinopathyGrade.R3S;
        }

        if (PreProliferative(f))
        {
            AddIf(evidence, f.VenousBeadingOrReduplication, "venous beading or reduplication");
            AddIf(evidence, f.Irma, "IRMA");
            AddIf(evidence, f.Haemorrhages == HaemorrhageExtent.MultipleBlot, "multiple blot haemorrhages");
            return RetinopathyGrade.R2;
        }

        if (f.Ungradable)
        {
            evidence.Add("ungradable");
            return RetinopathyGrade.U;
        }

        if (f.Microaneurysms || f.Haemorrhages != HaemorrhageExtent.None)
        {
            AddIf(evidence, f.Microaneurysms, "microaneurysms");
            AddIf(evidence, f.Haemorrhages != HaemorrhageExtent.None, "haemorrhages");
            AddIf(evidence, f.Exudates, "exudates");
            AddIf(evidence, f.CottonWoolSpots, "cotton-wool spots");
            return RetinopathyGrade.R1;
        }

        return RetinopathyGrade.R0;
    }

    private static MaculopathyGrade Maculopathy(EyeFeatures f, List<string> evidence)
    {
        if (MaculopathyFeature(f))
        {
            AddIf(evidence, f.ExudateWithinOneDiscDiameterOfFovea, "exudate within one disc diameter of the fovea");
            AddIf(evidence, f.GroupOfExudatesInMacula, "group of exudates in the macula");
            AddIf(evidence, f.BlotHaemorrhagesInMacula, "blot haemorrhages in the macula");
            return MaculopathyGrade.M1;
        }

        return f.Ungradable ? MaculopathyGrade.U : MaculopathyGrade.M0;
    }

    private static IcdrSeverity Icdr(EyeFeatures f)
    {
        if (ActiveProliferative(f))
        {
            return IcdrSeverity.Proliferative;
        }

        if (f.HaemorrhagesInAllFourQuadrants || f.VenousBeadingQuadrants >= 2 || f.Irma)
        {
            return IcdrSeverity.SevereNonProliferative;
        }

        if (f.Ungradable)
        {
            return IcdrSeverity.Ungradable;
        }

        if (f.Haemorrhages != HaemorrhageExtent.None || f.Exudates || f.CottonWoolSpots || f.VenousBeadingOrReduplication)
        {
            return IcdrSeverity.ModerateNonProliferative;
        }

        return f.Microaneurysms ? IcdrSeverity.MildNonProliferative : IcdrSeverity.NoApparentRetinopathy;
    }

    private static MacularOedema Oedema(EyeFeatures f)
    {
        if (f.ExudateWithinOneDiscDiameterOfFovea)
        {
            return MacularOedema.PresentNearCentre;
        }

        if (f.GroupOfExudatesInMacula)
        {
            return MacularOedema.PresentAwayFromCentre;
        }

        return f.Ungradable ? MacularOedema.Ungradable : MacularOedema.Absent;
    }

    private static ScreeningOutcome Outcome(RetinopathyGrade r, MaculopathyGrade m)
    {
        if (r == RetinopathyGrade.R3A)
        {
            return ScreeningOutcome.UrgentReferral;
        }

        if (r is RetinopathyGrade.R2 or RetinopathyGrade.R3S || m == MaculopathyGrade.M1)
        {
            return ScreeningOutcome.RoutineReferral;
        }

        return r == RetinopathyGrade.U || m == MaculopathyGrade.U ? ScreeningOutcome.TechnicalFailure : ScreeningOutcome.Rescreen;
    }

    private static void AddIf(List<string> evidence, bool condition, string feature)
    {
        if (condition)
        {
            evidence.Add(feature);
        }
    }
}
