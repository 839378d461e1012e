using System.Globalization;
using TeleSante.Analysis.Beats;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// Labelled beats as CSV: source, kind, seed, lead, class (N, S, V), then the features under their names. Floats are
/// written in their shortest round-trip form, so a model re-evaluated on the file sees exactly the training run's inputs.
/// </summary>
public static class BeatExampleCsv
{
    private static readonly string Header = "source,kind,seed,lead,class," + string.Join(',', BeatFeatures.Names);

    public static void Write(IEnumerable<BeatLabelledExample> examples, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header + "\n");
        foreach (var e in examples)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{e.Source},{e.Kind},{e.Seed},{e.Lead},{e.Label}"));
            FeatureCells.Write(e.Features, writer);
            writer.Write('\n');
        }
    }

    /// <exception cref="InvalidDataException">The header or a row does not match this feature set.</exception>
    public static List<BeatLabelledExample> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header != Header)
        {
            throw new InvalidDataException($"unexpected beat CSV header '{header}', expected '{Header}'");
        }

        var examples = new List<BeatLabelledExample>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var cells = text.Split(',');
            var features = FeatureCells.Read(cells, 5, BeatFeatures.Names, line);
            examples.Add(new BeatLabelledExample(
                cells[0],
                cells[1],
                int.Parse(cells[2], CultureInfo.InvariantCulture),
                int.Parse(cells[3], CultureInfo.InvariantCulture),
                cells[4] switch
                {
                    "N" => BeatClass.N,
                    "S" => BeatClass.S,
                    "V" => BeatClass.V,
                    _ => throw new InvalidDataException($"line {line}: class must be N, S or V, got '{cells[4]}'"),
                },
                features));
        }

        return examples;
    }
}
