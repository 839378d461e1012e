namespace TeleSante.Analysis.Beats;

/// <summary>
/// What the beat classifier sees of one detected beat (<see cref="BeatFeatureExtractor"/>): its timing against the
/// local rhythm, and its shape against a running template of the dominant (normal) beats of the stream.
/// </summary>
/// <param name="Beat">The detector's beat.</param>
/// <param name="Noisy">The beat lies in a stretch marked noisy (<see cref="Quality.NoiseMarker"/>), or its samples
/// were no longer available: it is not to be classified (class <see cref="BeatClass.Q"/>).</param>
/// <param name="HasPostRr">False for the last beat before a gap or the end of the stream: the post-RR values are then
/// the local RR (ratio 1).</param>
/// <param name="PreRrSeconds">RR before the beat (the local RR for the first beat after a gap).</param>
/// <param name="PostRrSeconds">RR after the beat.</param>
/// <param name="LocalRrSeconds">Median of the 8 RR intervals before this beat's.</param>
/// <param name="PreRrRatio">Pre-RR / local RR: below about 0.85 the beat is premature.</param>
/// <param name="PostRrRatio">Post-RR / local RR: a full compensatory pause follows most ventricular ectopics.</param>
/// <param name="PostPreRatio">Post-RR / pre-RR.</param>
/// <param name="QrsWidthSeconds">Span of the complex's steep slopes (where |dx/dt| exceeds 15 % of its largest).</param>
/// <param name="WidthRatio">QRS width / the template's.</param>
/// <param name="TemplateCorrelation">Pearson correlation of the complex (−120..+140 ms) with the template, best lag within ±20 ms.</param>
/// <param name="AmplitudeRatio">Peak-to-peak / the template's.</param>
/// <param name="PWaveCorrelation">Correlation of the segment 260–60 ms before the beat (smoothed 40 ms, detrended)
/// with the running P template of the normal beats: high for a sinus P, low or negative for an ectopic P or none.</param>
/// <param name="PWaveAmplitudeRatio">Standard deviation of that segment / the P template's.</param>
/// <param name="PolarityMatch">1 when the largest deflection has the template's sign, −1 otherwise.</param>
public readonly record struct BeatFeatures(
    DetectedBeat Beat,
    bool Noisy,
    bool HasPostRr,
    float PreRrSeconds,
    float PostRrSeconds,
    float LocalRrSeconds,
    float PreRrRatio,
    float PostRrRatio,
    float PostPreRatio,
    float QrsWidthSeconds,
    float WidthRatio,
    float TemplateCorrelation,
    float AmplitudeRatio,
    float PWaveCorrelation,
    float PWaveAmplitudeRatio,
    float PolarityMatch)
{
    /// <summary>Length of the classifier's input vector (<see cref="CopyTo"/>).</summary>
    public const int Count = 13;

    /// <summary>Names of the input vector's values, in order (CSV header, model metadata).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "pre_rr", "post_rr", "local_rr", "pre_rr_ratio", "post_rr_ratio", "post_pre_ratio", "qrs_width", "width_ratio",
        "template_correlation", "amplitude_ratio", "p_wave_correlation", "p_wave_amplitude_ratio", "polarity_match",
    ];

    /// <summary>Writes the classifier's input vector (<see cref="Names"/> order) into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Count)
        {
            throw new ArgumentException($"needs room for {Count} features, got {destination.Length}", nameof(destination));
        }

        destination[0] = PreRrSeconds;
        destination[1] = PostRrSeconds;
        destination[2] = LocalRrSeconds;
        destination[3] = PreRrRatio;
        destination[4] = PostRrRatio;
        destination[5] = PostPreRatio;
        destination[6] = QrsWidthSeconds;
        destination[7] = WidthRatio;
        destination[8] = TemplateCorrelation;
        destination[9] = AmplitudeRatio;
        destination[10] = PWaveCorrelation;
        destination[11] = PWaveAmplitudeRatio;
        destination[12] = PolarityMatch;
    }

    /// <summary>The input vector as a new array (training, evaluation; not for the streaming path).</summary>
    public float[] ToArray()
    {
        var values = new float[Count];
        CopyTo(values);
        return values;
    }
}
