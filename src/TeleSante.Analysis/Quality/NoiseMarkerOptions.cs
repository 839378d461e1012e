namespace TeleSante.Analysis.Quality;

/// <summary>Parameters of <see cref="NoiseMarker"/>, checked by <see cref="Validate"/> when a marker is built.</summary>
public sealed record NoiseMarkerOptions
{
    /// <summary>Samples per second, 250..1000.</summary>
    public double SampleRateHz { get; init; } = 500;

    /// <summary>A block whose estimated QRS-to-noise ratio is below this is noisy, dB (NSTDB definition: S = pp²/8,
    /// N = noise variance), estimated per block. The estimate reads 3–5 dB above the NSTDB SNR of added muscle noise
    /// (part of that noise lies outside the 3–40 Hz band) and more for electrode motion, and varies block to block with
    /// the bursts of the noise; the default marks most of NSTDB-style muscle noise at 6 dB and nearly all of it at 0 dB
    /// (README, "Noise marking").</summary>
    public double MinimumSnrDb { get; init; } = 10;

    /// <summary>A noisy stretch ends at the first block at or above this ratio, dB (hysteresis, so that a stretch near
    /// the limit is not cut into one-second pieces).</summary>
    public double RecoverySnrDb { get; init; } = 12;

    /// <summary>Decision block, s: every block is judged on itself and the block before it.</summary>
    public double BlockSeconds { get; init; } = 1;

    /// <summary>Decided blocks remembered for <see cref="NoiseMarker.NoiseAt"/>, s.</summary>
    public double HistorySeconds { get; init; } = 64;

    /// <summary>Where the marker follows the detector (<see cref="NoiseMarker.AddBeat"/>), a beat whose RR is at least
    /// this fraction of the median of the last 8 is on time for the rhythm, and the samples around it (half a median RR
    /// each side) are compared with the same samples around the previous on-time beat: the ECG repeats, the noise does
    /// not. Early beats (ectopy, the false beats of electrode-motion transients) are not compared.</summary>
    public double OnTimeRrFraction { get; init; } = 0.8;

    /// <summary>On-time beats further apart than this, s, are not compared (a pause: the two complexes may differ).</summary>
    public double MaxComparedRrSeconds { get; init; } = 2;

    /// <summary>Where the marker follows the detector, the longest it waits for the detector's beats before judging a
    /// block without them, s (the detector learns for 2.5 s and may find a missed beat up to 1.5 RR late). It also sizes
    /// the buffer: a caller that hands the marker more than this ahead of the detector gets blocks judged early.</summary>
    public double MaxWaitSeconds { get; init; } = 5;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRateHz, 250, nameof(SampleRateHz));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SampleRateHz, 1000, nameof(SampleRateHz));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSnrDb, -10, nameof(MinimumSnrDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumSnrDb, 40, nameof(MinimumSnrDb));
        ArgumentOutOfRangeException.ThrowIfLessThan(RecoverySnrDb, MinimumSnrDb, nameof(RecoverySnrDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RecoverySnrDb, 50, nameof(RecoverySnrDb));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSeconds, 0.5, nameof(BlockSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlockSeconds, 5, nameof(BlockSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistorySeconds, 4 * BlockSeconds, nameof(HistorySeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistorySeconds, 3600, nameof(HistorySeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(OnTimeRrFraction, 0.3, nameof(OnTimeRrFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OnTimeRrFraction, 1, nameof(OnTimeRrFraction));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxComparedRrSeconds, 1, nameof(MaxComparedRrSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxComparedRrSeconds, 5, nameof(MaxComparedRrSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWaitSeconds, 1, nameof(MaxWaitSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxWaitSeconds, 30, nameof(MaxWaitSeconds));
    }
}
