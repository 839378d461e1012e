namespace TeleSante.Clinical.Screening;

/// <summary>International Clinical Diabetic Retinopathy severity scale (Wilkinson et al., Ophthalmology 2003).</summary>
public enum IcdrSeverity
{
    NoApparentRetinopathy = 0,

    /// <summary>Microaneurysms only.</summary>
    MildNonProliferative,

    /// <summary>More than microaneurysms only, less than severe.</summary>
    ModerateNonProliferative,

    /// <summary>4-2-1 rule: haemorrhages in four quadrants, venous beading in two or more, or IRMA; no proliferative sign.</summary>
    SevereNonProliferative,

    /// <summary>Neovascularisation, vitreous or pre-retinal haemorrhage (or its fibrous consequence).</summary>
    Proliferative,

    Ungradable,
}
