using System.Globalization;

namespace TeleSante.Analysis.Ml;

/// <summary>The feature cells of the committed evaluation sets (AF windows, beats): written in shortest round-trip
/// form, read back with the line and feature named when a cell is wrong.</summary>
internal static class FeatureCells
{
    public static void Write(float[] features, TextWriter writer)
    {
        foreach (var f in features)
        {
            writer.Write(',');
            writer.Write(f.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The features in <paramref name="cells"/> from <paramref name="first"/> on.</summary>
    /// <exception cref="InvalidDataException">Wrong cell count, or a cell that is not a finite number.</exception>
    public static float[] Read(string[] cells, int first, IReadOnlyList<string> names, int line)
    {
        if (cells.Length != first + names.Count)
        {
            throw new InvalidDataException($"line {line}: expected {first + names.Count} cells, got {cells.Length}");
        }

        var features = new float[names.Count];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = float.TryParse(cells[first + i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
                ? value
                : throw new InvalidDataException($"line {line}: feature {names[i]} is not a finite number: '{cells[first + i]}'");
        }

        return features;
    }
}
