using System.Globalization;
using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// Labelled windows as CSV: source, kind, seed, lead, label (1 = AF), then the features under their names. Floats are
/// written in their shortest round-trip form, so a model re-evaluated on the file sees exactly the training run's inputs.
/// </summary>
public static class AfWindowCsv
{
    private static readonly string Header = "source,kind,seed,lead,af," + string.Join(',', RhythmWindow.FeatureNames);

    public static void Write(IEnumerable<AfLabelledWindow> windows, TextWriter writer)
    {
        writer.Write(Header + "\n");
        foreach (var w in windows)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{w.Source},{w.Kind},{w.Seed},{w.Lead},{(w.IsAf ? 1 : 0)}"));
            FeatureCells.Write(w.Features, writer);

            writer.Write('\n');
        }
    }

    /// <exception cref="InvalidDataException">The header or a row does not match this feature set.</exception>
    public static List<AfLabelledWindow> Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header != Header)
        {
            throw new InvalidDataException($"unexpected AF window CSV header '{header}', expected '{Header}'");
        }

        var windows = new List<AfLabelledWindow>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var cells = text.Split(',');
            var features = FeatureCells.Read(cells, 5, RhythmWindow.FeatureNames, line);

            windows.Add(new AfLabelledWindow(
                cells[0],
                cells[1],
                int.Parse(cells[2], CultureInfo.InvariantCulture),
                int.Parse(cells[3], CultureInfo.InvariantCulture),
                cells[4] switch { "1" => true, "0" => false, _ => throw new InvalidDataException($"line {line}: label must be 0 or 1, got '{cells[4]}'") },
                features));
        }

        return windows;
    }
}
