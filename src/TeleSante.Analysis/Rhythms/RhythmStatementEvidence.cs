namespace TeleSante.Analysis.Rhythms;

/// <summary>One number behind a <see cref="RhythmStatement"/>, the kind a cardiologist checks with calipers.</summary>
/// <param name="Name">One of the constants of this type.</param>
/// <param name="Value">The value, in <paramref name="Unit"/>.</param>
/// <param name="Unit">UCUM unit: "/min", "s", "ms", "1" (a ratio), or an annotation such as "{beats}".</param>
public readonly record struct RhythmStatementEvidence(string Name, double Value, string Unit)
{
    /// <summary>Beats in the statement's span, all classes.</summary>
    public const string Beats = "beats";

    /// <summary>60 / mean RR of all beats in the span (the ventricular rate the monitor shows).</summary>
    public const string VentricularRateBpm = "ventricular_rate_bpm";

    /// <summary>60 / mean sinus cycle: normal-to-normal intervals, an interval across ventricular beats divided by the
    /// cycles it spans (a compensatory pause holds two).</summary>
    public const string SinusRateBpm = "sinus_rate_bpm";

    /// <summary>Standard deviation / mean of the span's RR intervals.</summary>
    public const string RrCoefficientOfVariation = "rr_cv";

    /// <summary>RMSSD / mean RR of the span's RR intervals.</summary>
    public const string NormalizedRmssd = "rr_nrmssd";

    /// <summary>Mean pre-QRS segment correlation (<see cref="PWaveEvidence"/>) of the windows overlapping the span.</summary>
    public const string PWaveCorrelation = "p_wave_correlation";

    /// <summary>AF-classifier windows overlapping the span (0: AF was not assessed there).</summary>
    public const string AfWindowsAssessed = "af_windows_assessed";

    /// <summary>Of those, the windows the classifier called AF.</summary>
    public const string AfWindowsSuspected = "af_windows_suspected";

    /// <summary>Ventricular (class V) beats.</summary>
    public const string VentricularBeats = "ventricular_beats";

    /// <summary>Ventricular beats per minute of analysed signal.</summary>
    public const string VentricularBeatsPerMinute = "ventricular_beats_per_min";

    /// <summary>Ventricular beats with supraventricular neighbours on both sides.</summary>
    public const string IsolatedVentricularBeats = "isolated_ventricular_beats";

    /// <summary>Pairs of consecutive ventricular beats.</summary>
    public const string Couplets = "couplets";

    /// <summary>Runs of <see cref="RhythmProposerOptions.RunMinimumBeats"/> or more consecutive ventricular beats.</summary>
    public const string Runs = "runs";

    /// <summary>Longest sequence of consecutive ventricular beats.</summary>
    public const string LongestRunBeats = "longest_run_beats";

    /// <summary>Bigeminy episodes.</summary>
    public const string BigeminyEpisodes = "bigeminy_episodes";

    /// <summary>Ventricular-beat/supraventricular-beat cycles in a bigeminy episode.</summary>
    public const string BigeminyCycles = "bigeminy_cycles";

    /// <summary>Length of a pause (the RR interval), seconds.</summary>
    public const string PauseSeconds = "pause_s";

    /// <summary>Mean QRS duration of the span's beats, ms.</summary>
    public const string MeanQrsMs = "mean_qrs_ms";

    /// <summary>Beats of the span lying in a segment marked unanalysable (noise): a wide-QRS tachycardia is judged there too.</summary>
    public const string BeatsInUnanalysable = "beats_in_unanalysable";

    /// <summary>Signal analysed (the statement's runs, unanalysable segments excluded), seconds.</summary>
    public const string AnalysedSeconds = "analysed_s";
}
