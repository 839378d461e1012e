namespace TeleSante.Analysis.Noise;

/// <summary>Where noise goes in a noise stress test record.</summary>
public enum NoiseProtocol
{
    /// <summary>nst's standard protocol (WFDB nst(1), as the NSTDB records were made): the first 5 minutes clean (the
    /// learning period), then 2-minute noisy and 2-minute clean segments alternately to the end.</summary>
    Nst,

    /// <summary>Clean for the first 5 minutes, then noisy to the end: harder (no clean stretches to recover in).</summary>
    Continuous,

    /// <summary>Noisy from the first sample to the last: for short generated records (training data), which have no
    /// learning period to keep clean.</summary>
    Whole,
}
