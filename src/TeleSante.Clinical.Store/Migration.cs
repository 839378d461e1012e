using System.Globalization;
using System.Reflection;

namespace TeleSante.Clinical.Store;

/// <summary>
/// One numbered SQL script, <c>Migrations/{Provider}/NNNN_name.sql</c>, embedded in this assembly. Numbers start at
/// 1 and have no gaps, per provider; both providers carry the same numbers (checked by the tests). A script is
/// never edited once released: a change is a new number.
/// </summary>
public sealed record Migration(int Version, string Name, string Script)
{
    private static readonly Lazy<IReadOnlyList<Migration>> Sqlite = new(() => Load(ClinicalProvider.Sqlite));
    private static readonly Lazy<IReadOnlyList<Migration>> PostgreSql = new(() => Load(ClinicalProvider.PostgreSql));

    public static IReadOnlyList<Migration> For(ClinicalProvider provider) => provider switch
    {
        ClinicalProvider.Sqlite => Sqlite.Value,
        ClinicalProvider.PostgreSql => PostgreSql.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static List<Migration> Load(ClinicalProvider provider)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Migrations/{provider}/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{provider} migrations must be numbered 1, 2, 3… without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException($"No {provider} migrations are embedded.");
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
