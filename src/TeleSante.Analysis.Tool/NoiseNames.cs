using TeleSante.Analysis.Noise;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>The NSTDB record names of the noise kinds, as the command line spells them.</summary>
internal static class NoiseNames
{
    public static NoiseKind Parse(string text) => text switch
    {
        "em" => NoiseKind.ElectrodeMotion,
        "ma" => NoiseKind.MuscleArtifact,
        "bw" => NoiseKind.BaselineWander,
        "mix" => NoiseKind.Mixed,
        _ => throw new UsageException($"--noise must be em, ma, bw or mix, got '{text}'"),
    };

    public static string Name(NoiseKind kind) => kind switch
    {
        NoiseKind.ElectrodeMotion => "em",
        NoiseKind.MuscleArtifact => "ma",
        NoiseKind.BaselineWander => "bw",
        _ => "mix",
    };

    public static NoiseProtocol ParseProtocol(string? text) => text switch
    {
        null or "nst" => NoiseProtocol.Nst,
        "continuous" => NoiseProtocol.Continuous,
        _ => throw new UsageException($"--protocol must be nst or continuous, got '{text}'"),
    };
}
