using System.Globalization;

namespace TeleSante.Bench.Cli;

/// <summary>
/// <c>telesante-bench COMMAND [--key value | --flag]...</c>. Hand-rolled because the bench needs a
/// handful of numeric options and no package for a command line is pinned in Directory.Packages.props.
/// Unknown options are an error, so a typo never silently runs the default.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private BenchArguments(string command, Dictionary<string, string?> options)
    {
        Command = command;
        _options = options;
    }

    public string Command { get; }

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            return new BenchArguments("help", []);
        }

        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{arg}' (options are --name value or --flag)");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                options[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[arg[2..]] = args[++i];
            }
            else
            {
                options[arg[2..]] = null;
            }
        }

        return new BenchArguments(args[0], options);
    }

    public int Int(string name, int defaultValue) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public double Double(string name, double defaultValue) => Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public string? String(string name) => Get(name);

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>A comma-separated list such as <c>10,50,100</c>.</summary>
    public IReadOnlyList<int> IntList(string name, IReadOnlyList<int> defaultValue) => Get(name) is { } text
        ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))]
        : defaultValue;

    /// <summary>Throws when an option was given that the command never asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s) for '{Command}': {string.Join(", ", unknown.Select(k => "--" + k))}");
        }
    }

    private string? Get(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return null;
        }

        return value ?? throw new ArgumentException($"--{name} needs a value");
    }
}
