using System.Globalization;

namespace TeleSante.CommandLine;

/// <summary>"--name value" pairs; every option takes a value.</summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values;

    private CommandArguments(Dictionary<string, string> values) => _values = values;

    public static CommandArguments Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new UsageException($"expected an option, got '{args[i]}'");
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{args[i]} needs a value");
            }

            if (!values.TryAdd(args[i][2..], args[i + 1]))
            {
                throw new UsageException($"{args[i]} given twice");
            }
        }

        return new CommandArguments(values);
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Text(name) ?? throw new UsageException($"--{name} is required");

    public double Number(string name, double fallback) =>
        Text(name) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new UsageException($"--{name} must be a number, got '{text}'");

    public int Integer(string name, int fallback) =>
        Text(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new UsageException($"--{name} must be an integer, got '{text}'");

    /// <summary>Names the options this command does not know, so that a typo is not silently ignored.</summary>
    public void OnlyAllow(params string[] names)
    {
        foreach (var key in _values.Keys)
        {
            if (!names.Contains(key))
            {
                throw new UsageException($"unknown option --{key}");
            }
        }
    }
}
