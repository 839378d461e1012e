namespace TeleSante.Analysis.Service;

/// <summary>Loads a committed ML.NET model file once, at start-up: a model that is configured but missing or invalid
/// stops the start-up with its setting, path and the reason, rather than leaving the analysis silently without it.</summary>
internal static class ModelFile
{
    public static T? Load<T>(string? path, string setting, string what, Func<string, T> load)
        where T : class
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidOperationException($"{AnalysisServiceOptions.Section}:{setting}: cannot load the {what} {path}: {ex.Message}", ex);
        }
    }
}
