namespace TeleSante.Analysis.Measurements;

/// <summary>Quality of one lead over the measurement window.</summary>
public enum LeadQuality
{
    Good,

    /// <summary>Peak-to-peak of its median beat below <see cref="RestingEcgOptions.FlatMv"/> (lead off, disconnected electrode).</summary>
    Flat,

    /// <summary>Held at its extreme value for at least <see cref="RestingEcgOptions.SaturationMs"/> (amplifier at a rail).</summary>
    Saturated,

    /// <summary>Beat-to-beat residual above <see cref="RestingEcgOptions.NoiseMv"/> RMS (muscle, electrode motion).</summary>
    Noisy,
}
