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
    }
}
