namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>Normal deviates from a seeded <see cref="Random"/>, so a seed reproduces a whole session.</summary>
internal static class RandomExtensions
{
    /// <summary>Box–Muller: two uniforms give a standard normal deviate.</summary>
    public static double NextGaussian(this Random random, double mean, double standardDeviation)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A normal deviate kept inside [min, max]: profiles describe a population, not outliers.</summary>
    public static double NextGaussian(this Random random, double mean, double standardDeviation, double min, double max)
        => Math.Clamp(random.NextGaussian(mean, standardDeviation), min, max);

    public static double NextUniform(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));
}
