using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace TeleSante.Bench.Infrastructure;

/// <summary>Writes a run's results under bench/results: NAME.json (every figure) and NAME.md (the
/// tables and the machine line), both small enough to commit and diff.</summary>
public static class ResultFiles
{
    public static void Write<T>(string name, T report, JsonTypeInfo<T> typeInfo, MachineDescription machine, IEnumerable<ResultTable> tables, IEnumerable<string>? notes = null)
    {
        Directory.CreateDirectory(BenchPaths.Results);
        var json = Path.Combine(BenchPaths.Results, name + ".json");
        File.WriteAllText(json, JsonSerializer.Serialize(report, typeInfo) + "\n");

        var markdown = new StringBuilder();
        markdown.AppendLine($"# {name}").AppendLine().AppendLine($"Machine: {machine}").AppendLine();
        foreach (var table in tables)
        {
            markdown.AppendLine($"## {table.Title}").AppendLine().Append(table.ToMarkdown()).AppendLine();
        }

        foreach (var note in notes ?? [])
        {
            markdown.AppendLine($"- {note}");
        }

        var md = Path.Combine(BenchPaths.Results, name + ".md");
        File.WriteAllText(md, markdown.ToString());
        AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(Path.GetRelativePath(BenchPaths.Root, json))} and {Markup.Escape(Path.GetRelativePath(BenchPaths.Root, md))}[/]");
    }
}
