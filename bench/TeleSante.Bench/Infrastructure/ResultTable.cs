using System.Text;
using Spectre.Console;

namespace TeleSante.Bench.Infrastructure;

/// <summary>A table of formatted cells, printed to the console with Spectre.Console and written as
/// GitHub markdown from the same cells, so the committed results read exactly like the console.</summary>
public sealed class ResultTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public string Title => title;

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns");
        }

        _rows.Add(cells);
    }

    public void Print()
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        for (var i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(headers[i]));
            table.AddColumn(i == 0 ? column : column.RightAligned());
        }

        foreach (var row in _rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => i == 0 ? " --- " : " ---: ")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
        }

        return text.ToString();
    }
}
