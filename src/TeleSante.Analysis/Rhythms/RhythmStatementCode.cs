namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// What a <see cref="RhythmStatement"/> says: a stable code of this project (kept in stored reports, never renamed), a
/// display text, and the SNOMED CT concept where one exists and was checked (FHIR R4 exports use
/// http://snomed.info/sct). Null rather than a guessed concept: a wrong code in a signed report is worse than none.
/// </summary>
/// <param name="Code">The project's stable code (kebab-case).</param>
/// <param name="Display">English display text.</param>
/// <param name="SnomedCt">SNOMED CT concept id, or null when no concept was verified for this statement.</param>
public sealed record RhythmStatementCode(string Code, string Display, string? SnomedCt)
{
    /// <summary>Sinus rhythm, 60–100 bpm (SNOMED CT 426783006 |Electrocardiogram: sinus rhythm|).</summary>
    public static RhythmStatementCode SinusRhythm { get; } = new("sinus-rhythm", "Sinus rhythm", "426783006");

    /// <summary>Sinus bradycardia, below 60 bpm (SNOMED CT 426177001).</summary>
    public static RhythmStatementCode SinusBradycardia { get; } = new("sinus-bradycardia", "Sinus bradycardia", "426177001");

    /// <summary>Sinus tachycardia, above 100 bpm (SNOMED CT 427084000).</summary>
    public static RhythmStatementCode SinusTachycardia { get; } = new("sinus-tachycardia", "Sinus tachycardia", "427084000");

    /// <summary>Atrial fibrillation suspected: irregularly irregular RR and no organised P wave (SNOMED CT 49436004
    /// |Atrial fibrillation|; "suspected" is this project's qualifier: a machine proposal awaiting a cardiologist).</summary>
    public static RhythmStatementCode AtrialFibrillationSuspected { get; } = new("atrial-fibrillation-suspected", "Atrial fibrillation suspected", "49436004");

    /// <summary>Ventricular premature beats: the count and pattern over the analysed record (SNOMED CT 427172004
    /// |Premature ventricular contraction|).</summary>
    public static RhythmStatementCode VentricularPrematureBeats { get; } = new("ventricular-premature-beats", "Ventricular premature beats", "427172004");

    /// <summary>Ventricular bigeminy: ventricular beats alternating with supraventricular ones (SNOMED CT 11157007).</summary>
    public static RhythmStatementCode VentricularBigeminy { get; } = new("ventricular-bigeminy", "Ventricular bigeminy", "11157007");

    /// <summary>Two consecutive ventricular beats. No SNOMED CT concept verified.</summary>
    public static RhythmStatementCode VentricularCouplet { get; } = new("ventricular-couplet", "Ventricular couplet", null);

    /// <summary>Three or more consecutive ventricular beats (a salvo; non-sustained VT when fast). No concept is
    /// attached: SNOMED CT 444658006 |Nonsustained ventricular tachycardia| also implies a rate and duration the
    /// cardiologist confirms from the evidence.</summary>
    public static RhythmStatementCode VentricularRun { get; } = new("ventricular-run", "Run of ventricular beats", null);

    /// <summary>An RR interval longer than <see cref="RhythmProposerOptions.PauseSeconds"/>. No SNOMED CT concept
    /// verified (sinus arrest, sino-atrial block and blocked premature beats all give pauses).</summary>
    public static RhythmStatementCode Pause { get; } = new("pause", "Pause", null);

    /// <summary>QRS of at least <see cref="RhythmProposerOptions.WideQrsMs"/> at a rate above
    /// <see cref="RhythmProposerOptions.TachycardiaAboveBpm"/>. No SNOMED CT concept verified.</summary>
    public static RhythmStatementCode WideQrsTachycardia { get; } = new("wide-qrs-tachycardia", "Wide-QRS tachycardia", null);

    /// <summary>Every code, for catalogues and tests.</summary>
    public static IReadOnlyList<RhythmStatementCode> All { get; } =
    [
        SinusRhythm, SinusBradycardia, SinusTachycardia, AtrialFibrillationSuspected, VentricularPrematureBeats,
        VentricularBigeminy, VentricularCouplet, VentricularRun, Pause, WideQrsTachycardia,
    ];
}
