using System.Globalization;
using System.Security;
using System.Text;

namespace TeleSante.Bench.Peer;

/// <summary>
/// A line plot as a small SVG file: linear axes from zero with round tick steps, one polyline and marker per
/// series, a legend. Hand-written because a plotting package for three charts is not worth a dependency.
/// </summary>
public static class SvgPlot
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 56;
    private const int Bottom = 55;

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, string Color, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var ci = CultureInfo.InvariantCulture;
        var all = series.SelectMany(s => s.Points).ToList();
        var (xMax, xStep) = Axis(all.Count == 0 ? 1 : all.Max(p => p.X));
        var (yMax, yStep) = Axis(all.Count == 0 ? 1 : all.Max(p => p.Y));
        double X(double x) => Left + (x / xMax * (Width - Left - Right));
        double Y(double y) => Height - Bottom - (y / yMax * (Height - Top - Bottom));
        string N(double v) => v.ToString("0.#", ci);

        var svg = new StringBuilder();
        svg.AppendLine(ci, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(ci, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine(ci, $"""<text x="{Width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{Escape(title)}</text>""");
        for (var v = 0.0; v <= yMax + (yStep / 2); v += yStep)
        {
            svg.AppendLine(ci, $"""<line x1="{Left}" x2="{Width - Right}" y1="{N(Y(v))}" y2="{N(Y(v))}" stroke="#ddd"/><text x="{Left - 6}" y="{N(Y(v) + 4)}" text-anchor="end">{Tick(v)}</text>""");
        }

        for (var v = 0.0; v <= xMax + (xStep / 2); v += xStep)
        {
            svg.AppendLine(ci, $"""<line x1="{N(X(v))}" x2="{N(X(v))}" y1="{Height - Bottom}" y2="{Height - Bottom + 5}" stroke="black"/><text x="{N(X(v))}" y="{Height - Bottom + 18}" text-anchor="middle">{Tick(v)}</text>""");
        }

        svg.AppendLine(ci, $"""<line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="black"/><line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="black"/>""");
        svg.AppendLine(ci, $"""<text x="{(Left + Width - Right) / 2}" y="{Height - 12}" text-anchor="middle">{Escape(xLabel)}</text>""");
        svg.AppendLine(ci, $"""<text transform="translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)" text-anchor="middle">{Escape(yLabel)}</text>""");
        // Legend in a row between the title and the plot, where it can hide no point.
        var legendX = Left;
        foreach (var (name, color, points) in series)
        {
            var ordered = points.OrderBy(p => p.X).ToList();
            if (ordered.Count > 1)
            {
                svg.AppendLine(ci, $"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{string.Join(' ', ordered.Select(p => $"{N(X(p.X))},{N(Y(p.Y))}"))}"/>""");
            }

            foreach (var p in ordered)
            {
                svg.AppendLine(ci, $"""<circle cx="{N(X(p.X))}" cy="{N(Y(p.Y))}" r="4" fill="{color}"><title>{Escape(name)}: {Tick(p.X)}, {p.Y.ToString("0.###", ci)}</title></circle>""");
            }

            svg.AppendLine(ci, $"""<rect x="{legendX}" y="32" width="12" height="12" fill="{color}"/><text x="{legendX + 18}" y="42">{Escape(name)}</text>""");
            legendX += 240;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>An axis maximum at or above <paramref name="max"/> in 4–8 steps of 1, 2 or 5 × 10^k.</summary>
    private static (double Max, double Step) Axis(double max)
    {
        if (max <= 0 || double.IsNaN(max))
        {
            return (1, 0.25);
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max / 5)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => max / s <= 8);
        return (Math.Ceiling(max / step) * step, step);
    }

    private static string Tick(double v) => v >= 10_000 ? (v / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : v.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
