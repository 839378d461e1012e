namespace TeleSante.Analysis;

/// <summary>
/// Parameters of <see cref="QrsDetector"/>. Defaults follow Pan and Tompkins (IEEE TBME 32(3), 1985) and
/// Hamilton and Tompkins (IEEE TBME 33(12), 1986) where those papers give a figure; every one is checked by
/// <see cref="Validate"/> when a detector is built.
/// </summary>
public sealed record QrsDetectorOptions
{
    /// <summary>Samples per second per lead, 250..1000. The filters are designed for this rate (no resampling).</summary>
    public double SampleRateHz { get; init; } = 500;

    /// <summary>Lower edge of the QRS band-pass, Hz (Pan–Tompkins: 5 Hz, where P/T waves and baseline wander end).</summary>
    public double BandLowHz { get; init; } = 5;

    /// <summary>Upper edge of the QRS band-pass, Hz (Pan–Tompkins: 11–15 Hz, below most muscle noise and mains).</summary>
    public double BandHighHz { get; init; } = 15;

    /// <summary>Width of the moving-window integrator, ms (Pan–Tompkins: 150 ms; Hamilton–Tompkins: 80 ms; 100 ms
    /// separated QRS from muscle noise better here, see README).</summary>
    public double IntegrationMs { get; init; } = 100;

    /// <summary>Time a local maximum of the integrated signal must stay the largest before it is a candidate, ms;
    /// the main part of the detection delay.</summary>
    public double PeakConfirmationMs { get; init; } = 100;

    /// <summary>No second beat within this time of a beat, ms (the ventricles' refractory period; Pan–Tompkins: 200 ms).</summary>
    public double RefractoryMs { get; init; } = 200;

    /// <summary>A candidate within this time of the last beat whose steepest slope is less than
    /// <see cref="TWaveSlopeRatio"/> times the last beat's is a T wave, ms (Pan–Tompkins: 360 ms).</summary>
    public double TWaveWindowMs { get; init; } = 360;

    /// <summary>See <see cref="TWaveWindowMs"/> (Pan–Tompkins: one half).</summary>
    public double TWaveSlopeRatio { get; init; } = 0.5;

    /// <summary>Detection threshold between the noise level and the QRS level (Hamilton–Tompkins, median estimators: 0.3125).</summary>
    public double ThresholdFraction { get; init; } = 0.3125;

    /// <summary>A candidate less than this fraction of the median RR after the last beat is early, and must exceed
    /// <see cref="EarlyThresholdFraction"/> instead of <see cref="ThresholdFraction"/>.</summary>
    public double EarlyRrFraction { get; init; } = 0.75;

    /// <summary>See <see cref="EarlyRrFraction"/>.</summary>
    public double EarlyThresholdFraction { get; init; } = 0.6;

    /// <summary>Where the noise level is at least this fraction of the QRS level, an early candidate that passes is held until EarlyRrFraction × RR later: a candidate in that time that
    /// is on time (or larger and also early) replaces it, since both cannot be beats of the rhythm; otherwise it is
    /// reported then. Removes the false beats muscle noise makes just before a real one, at the cost of a later report
    /// for early beats.</summary>
    public double HoldNoiseRatio { get; init; } = 0.25;

    /// <summary>With no beat for this many average RR intervals, the largest candidate above half the threshold since
    /// the last beat is taken as a missed beat (search-back; Pan–Tompkins 1.66, Hamilton–Tompkins 1.5).</summary>
    public double SearchBackRrFactor { get; init; } = 1.5;

    /// <summary>Time spent learning the thresholds at the start and after every unanalysable segment, s. Beats in it are
    /// reported when it ends (so its beats are late, not lost). Pan–Tompkins: 2 s.</summary>
    public double LearningSeconds { get; init; } = 2.5;

    /// <summary>A signal that stays within this range (max − min, mV) for <see cref="FlatMinimumSeconds"/> is flat
    /// (lead off, saturated). Default 5 µV: one MIT-BIH quantisation step.</summary>
    public double FlatToleranceMv { get; init; } = 0.005;

    /// <summary>See <see cref="FlatToleranceMv"/>, s. Longer than any isoelectric stretch of a beating heart above 30 bpm.</summary>
    public double FlatMinimumSeconds { get; init; } = 1.0;

    /// <summary>ADC units per mV, for the integer overloads of Process (WFDB header gain).</summary>
    public double GainAduPerMv { get; init; } = 1000;

    /// <summary>ADC value of 0 mV, for the integer overloads of Process (WFDB header baseline).</summary>
    public int BaselineAdu { get; init; }

    /// <summary>The ADC's "no sample" value for the integer overloads (WFDB: -32768 in format 16, -2048 in 212); null when none.</summary>
    public int? InvalidAdu { get; init; }

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the first one out of range.</summary>
    public void Validate()
    {
        Check(SampleRateHz, 250, 1000, nameof(SampleRateHz));
        Check(BandLowHz, 1, 20, nameof(BandLowHz));
        Check(BandHighHz, BandLowHz + 2, 40, nameof(BandHighHz));
        Check(IntegrationMs, 50, 250, nameof(IntegrationMs));
        Check(PeakConfirmationMs, 40, RefractoryMs, nameof(PeakConfirmationMs));
        Check(RefractoryMs, 120, 400, nameof(RefractoryMs));
        Check(TWaveWindowMs, RefractoryMs, 600, nameof(TWaveWindowMs));
        Check(TWaveSlopeRatio, 0, 1, nameof(TWaveSlopeRatio));
        Check(ThresholdFraction, 0.05, 0.9, nameof(ThresholdFraction));
        Check(EarlyRrFraction, 0, 1, nameof(EarlyRrFraction));
        Check(EarlyThresholdFraction, ThresholdFraction, 1, nameof(EarlyThresholdFraction));
        Check(HoldNoiseRatio, 0, 1, nameof(HoldNoiseRatio));
        Check(SearchBackRrFactor, 1.1, 3, nameof(SearchBackRrFactor));
        Check(LearningSeconds, 1, 10, nameof(LearningSeconds));
        Check(FlatToleranceMv, 0, 1, nameof(FlatToleranceMv));
        Check(FlatMinimumSeconds, 0.1, 10, nameof(FlatMinimumSeconds));
        if (!(GainAduPerMv > 0) || !double.IsFinite(GainAduPerMv))
        {
            throw new ArgumentOutOfRangeException(nameof(GainAduPerMv), GainAduPerMv, "must be a positive number of ADC units per mV");
        }
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be within {min}..{max}");
        }
    }
}
