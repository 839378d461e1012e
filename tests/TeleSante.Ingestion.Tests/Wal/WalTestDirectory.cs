namespace TeleSante.Ingestion.Tests.Wal;

/// <summary>A fresh directory under the temp folder, removed afterwards.</summary>
internal sealed class WalTestDirectory : IDisposable
{
    public WalTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telesante-wal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Segment files, in sequence order.</summary>
    public string[] Segments => [.. Directory.GetFiles(Path, "*.wal").Order(StringComparer.Ordinal)];

    public string[] QuarantineFiles => Directory.GetFiles(Path, "*.corrupt");

    public long SegmentBytes => Segments.Sum(f => new FileInfo(f).Length);

    /// <summary>Copies every file, as a crash image or to corrupt a copy and keep the original.</summary>
    public WalTestDirectory Copy()
    {
        var copy = new WalTestDirectory();
        foreach (var file in Directory.GetFiles(Path))
        {
            if (System.IO.Path.GetFileName(file) == "lock")
            {
                continue; // held exclusively by the open log; a crash image has no use for it
            }

            try
            {
                File.Copy(file, System.IO.Path.Combine(copy.Path, System.IO.Path.GetFileName(file)));
            }
            catch (FileNotFoundException)
            {
                // Deleted while copying: a crash image would not hold it either.
            }
        }

        return copy;
    }

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
