using System.Globalization;
using System.Text;

namespace TeleSante.Imaging.Quality;

/// <summary>The gate's data sets as CSV: how each photograph was made, its label, its measurements (invariant culture,
/// round-trip float precision so that a re-evaluation scores exactly what was written).</summary>
public static class FundusGateCsv
{
    private const string Prefix = "seed,defect,severity,eye,field,width,height,format,ungradable";

    public static void Write(IEnumerable<FundusGateSample> samples, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Prefix + "," + string.Join(',', FundusMeasurements.Names));
        var line = new StringBuilder();
        foreach (var s in samples)
        {
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{s.Seed},{s.Defect},{s.Severity.ToString("R", CultureInfo.InvariantCulture)},{s.Eye},{s.Field},{s.Width},{s.Height},{s.Format},{(s.Ungradable ? 1 : 0)}");
            foreach (var f in s.Measurements.ToFeatures())
            {
                line.Append(',').Append(f.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine(line);
        }
    }

    /// <exception cref="InvalidDataException">A row is malformed (the message names its line).</exception>
    public static List<FundusGateSample> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header != Prefix + "," + string.Join(',', FundusMeasurements.Names))
        {
            throw new InvalidDataException("line 1: not a fundus gate CSV header");
        }

        var samples = new List<FundusGateSample>();
        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            var cells = text.Split(',');
            try
            {
                if (cells.Length != 9 + FundusMeasurements.Count)
                {
                    throw new FormatException($"{cells.Length} cells, expected {9 + FundusMeasurements.Count}");
                }

                var features = new float[FundusMeasurements.Count];
                for (var i = 0; i < features.Length; i++)
                {
                    features[i] = float.Parse(cells[9 + i], NumberStyles.Float, CultureInfo.InvariantCulture);
                }

                samples.Add(new FundusGateSample(
                    int.Parse(cells[0], CultureInfo.InvariantCulture),
                    cells[1],
                    double.Parse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture),
                    Enum.Parse<EyeLaterality>(cells[3]),
                    Enum.Parse<RetinalField>(cells[4]),
                    int.Parse(cells[5], CultureInfo.InvariantCulture),
                    int.Parse(cells[6], CultureInfo.InvariantCulture),
                    Enum.Parse<ImageFormat>(cells[7]),
                    cells[8] switch { "1" => true, "0" => false, _ => throw new FormatException($"label '{cells[8]}' is not 0 or 1") },
                    FundusMeasurements.FromFeatures(features)));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw new InvalidDataException($"line {number}: {e.Message}", e);
            }
        }

        return samples;
    }
}
