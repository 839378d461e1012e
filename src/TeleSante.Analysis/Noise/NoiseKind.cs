namespace TeleSante.Analysis.Noise;

/// <summary>The three noise types of the MIT-BIH Noise Stress Test Database, generated rather than recorded, and their mix.</summary>
public enum NoiseKind
{
    /// <summary>Baseline wander, the "bw" record: sub-1 Hz, respiration-like, with slow drift.</summary>
    BaselineWander,

    /// <summary>Electrode motion, the "em" record: large, low-frequency transients at random times (they can mimic beats), over some wander and muscle noise.</summary>
    ElectrodeMotion,

    /// <summary>Muscle artefact, the "ma" record: broadband EMG-like noise in bursts, overlapping the QRS band.</summary>
    MuscleArtifact,

    /// <summary>The three above in equal measure (each scaled to the same NSTDB noise amplitude before summing).</summary>
    Mixed,
}
