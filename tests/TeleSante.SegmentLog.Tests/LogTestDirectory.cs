namespace TeleSante.SegmentLog.Tests;

/// <summary>A fresh directory under the temp folder, removed afterwards.</summary>
internal sealed class LogTestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("telesante-segmentlog-").FullName;

    /// <summary>Segment files, in sequence order.</summary>
    public string[] Segments => [.. Directory.GetFiles(Path, "*.wal").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
    }
}
